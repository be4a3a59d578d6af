// Brings the marked quote (or table cell) of the document into view inside its scroll box.
const mark = document.getElementById("quote") || document.getElementById("quote-row");
if (mark) {
  mark.scrollIntoView({block: "center", inline: "nearest"});
  window.scrollTo(0, 0);  // the page itself stays at the top: the description comes first
}
