// Draws every chart of the page: each <script type="application/json" class="chart-spec">
// holds a Vega-Lite spec for the element named by its data-target. Specs travel as JSON data,
// never as script, so a title from a source cannot run.
const specs = Array.from(document.querySelectorAll("script.chart-spec"));
const config = specs.length ? JSON.parse(document.getElementById("chart-config").textContent) : {};
Promise.all(specs.map((el) => window.vegaEmbed("#" + el.dataset.target, JSON.parse(el.textContent),
    {renderer: "svg", actions: false, defaultStyle: false, config: config})))
  .then(() => { document.body.dataset.charts = specs.length ? "rendered" : "none"; })
  .catch((err) => { document.body.dataset.charts = "failed"; console.error(err); });
