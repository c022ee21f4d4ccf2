// The query consoles (/console/cypher, /console/sparql): send the query to the
// engine's endpoint on this server and show the answer as a table.
// Every value is put on the page with textContent, never as HTML.
"use strict";

(function () {
  const form = document.getElementById("console");
  if (!form) return;
  const engine = form.dataset.engine;
  const endpoint = form.dataset.endpoint;
  const query = document.getElementById("query");
  const params = document.getElementById("params");
  const picker = document.getElementById("examples");
  const description = document.getElementById("example-description");
  const status = document.getElementById("status");
  const errorBox = document.getElementById("error");
  const results = document.getElementById("results");
  const examples = JSON.parse(document.getElementById("example-data").textContent);

  function useExample(index) {
    const example = examples[index];
    if (!example) return;
    query.value = example.query;
    description.textContent = example.description || "";
    if (params) params.value = JSON.stringify(example.params || {}, null, 1);
  }

  picker.addEventListener("change", () => useExample(picker.value));
  if (!query.value && examples.length) {
    const first = examples.findIndex((e) => !(e.required || []).length);
    picker.value = String(first >= 0 ? first : 0);
    useExample(picker.value);
  }

  function clear() {
    errorBox.hidden = true;
    errorBox.replaceChildren();
    results.replaceChildren();
    status.textContent = "";
  }

  function showError(error) {
    // error: the API's error shape {code, message, where, fix, details}, or what we know.
    errorBox.hidden = false;
    const title = document.createElement("strong");
    title.textContent = form.dataset.error + ": ";
    const code = document.createElement("code");
    code.className = "error-code";
    code.textContent = error.code || "error";
    const message = document.createElement("p");
    message.className = "error-message";
    message.textContent = error.message || "";
    errorBox.append(title, code, message);
    if (error.fix) {
      const fix = document.createElement("p");
      fix.className = "error-fix";
      fix.textContent = error.fix;
      errorBox.append(fix);
    }
  }

  function cellText(value) {
    if (value === null || value === undefined) return "";
    if (typeof value === "object") {
      if ("value" in value && "type" in value) return String(value.value); // a SPARQL JSON term
      return JSON.stringify(value);
    }
    return String(value);
  }

  function fillCell(cell, value) {
    // An IRI of this server (/id/...) becomes a link; everything else is text.
    const text = cellText(value);
    if (value && value.type === "uri" && text.startsWith(window.location.origin + "/")) {
      const link = document.createElement("a");
      link.href = text;
      link.textContent = text;
      cell.append(link);
    } else {
      cell.textContent = text;
    }
  }

  function showTable(columns, rows, truncated) {
    const table = document.createElement("table");
    table.className = "results";
    const head = table.createTHead().insertRow();
    for (const column of columns) {
      const th = document.createElement("th");
      th.textContent = column;
      head.append(th);
    }
    const body = table.createTBody();
    for (const row of rows) {
      const tr = body.insertRow();
      for (const value of row) fillCell(tr.insertCell(), value);
    }
    results.append(table);
    status.textContent = rows.length ? `${rows.length} ${form.dataset.rows}` : form.dataset.noRows;
    if (truncated) status.textContent += " " + form.dataset.truncated;
  }

  function tableOf(answer) {
    if (engine === "cypher") return [answer.columns || [], answer.rows || [], Boolean(answer.truncated)];
    if (typeof answer.boolean === "boolean") return [["boolean"], [[answer.boolean]], false];
    const vars = (answer.head && answer.head.vars) || [];
    const bindings = (answer.results && answer.results.bindings) || [];
    return [vars, bindings.map((b) => vars.map((v) => b[v])), Boolean(answer.truncated)];
  }

  function request() {
    if (engine === "cypher") {
      let parsed = {};
      if (params && params.value.trim()) parsed = JSON.parse(params.value);
      return fetch(endpoint, {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "Accept": "application/json"},
        body: JSON.stringify({query: query.value, params: parsed}),
      });
    }
    return fetch(endpoint, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/x-www-form-urlencoded",
                "Accept": "application/sparql-results+json, application/json"},
      body: new URLSearchParams({query: query.value}),
    });
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    clear();
    status.textContent = form.dataset.running;
    let response;
    try {
      response = await request();
    } catch (err) {
      status.textContent = "";
      showError({code: err instanceof SyntaxError ? "invalid_params" : "network_error", message: String(err.message || err)});
      return;
    }
    let answer = null;
    try {
      answer = await response.json();
    } catch (err) {
      answer = null;
    }
    status.textContent = "";
    if (!response.ok || answer === null || answer.error) {
      showError((answer && answer.error) || {code: String(response.status), message: response.statusText});
      return;
    }
    const [columns, rows, truncated] = tableOf(answer);
    const header = response.headers.get("X-Alueverkko-Truncated");
    showTable(columns, rows, truncated || header === "true");
  });
})();
