import ParleyReports

/// Script shared by the pages that keep tokens in the browser: the local store of negotiations
/// (`localStorage["parley.negotiations"]`: by id, the scenario, a label and each held role's
/// kind and token), the API call with a bearer token, and DOM helpers that set text with
/// `textContent` only.
enum BrowserStore {
    static let script = """
        const STORE = "parley.negotiations";
        function loadStore() { try { return JSON.parse(localStorage.getItem(STORE) || "{}"); } catch (e) { return {}; } }
        function saveStore(all) { localStorage.setItem(STORE, JSON.stringify(all)); }
        async function call(path, token, options) {
          const headers = {"Content-Type": "application/json"};
          if (token) headers["Authorization"] = "Bearer " + token;
          const response = await fetch(path, Object.assign({headers: headers}, options || {}));
          const text = await response.text();
          let body = null; try { body = JSON.parse(text); } catch (e) { body = text; }
          if (!response.ok) throw new Error((body && body.error && body.error.message) || ("HTTP " + response.status));
          return body;
        }
        function el(tag, text, attributes) {
          const node = document.createElement(tag);
          if (text !== undefined && text !== null) node.textContent = String(text);
          for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
          return node;
        }
        function row(cells, tag) {
          const tr = document.createElement("tr");
          for (const cell of cells) { const td = document.createElement(tag || "td"); if (cell instanceof Node) td.appendChild(cell); else td.textContent = cell; tr.appendChild(td); }
          return tr;
        }
        function playLink(id, token) { return location.origin + "/play/" + encodeURIComponent(id) + "#token=" + encodeURIComponent(token); }
        """
}

/// The page listing the negotiations this browser holds tokens for, with their status. A token
/// grants one role in one negotiation, so the server cannot list "my negotiations": the page
/// reads the tokens kept in the browser (by the creation page and every play page opened) or
/// pasted as play links, and asks each negotiation's state with one of its tokens (the
/// observer's when held, as it sees everything). Tokens never leave the browser except in the
/// `Authorization` header.
enum ListPage {
    static let html =
        HTMLPage.head(
            title: "Parley negotiations",
            style: """
                body { max-width: 80rem; }
                textarea { width: 100%; font-family: monospace; font-size: 0.85rem; }
                button { font-size: 0.9rem; padding: 0.3rem 0.8rem; margin: 0.2rem 0.3rem 0.2rem 0; cursor: pointer; }
                .finished { color: #1d7a3a; } .running { color: #8a4b00; } .error { color: #b00020; }
                td a { margin-right: 0.5rem; }
                """)
            + """
            <body>
            <h1>Negotiations</h1>
            <p class="subtitle">The negotiations whose links this browser holds: created here, opened here, or pasted below. The links stay in this browser.</p>
            <p><a href="/negotiations/new">Create negotiations for a class</a></p>
            <table id="list"><thead><tr><th>label</th><th>scenario</th><th>status</th><th>round</th><th>waiting for</th><th>outcome</th><th>roles held</th><th></th></tr></thead><tbody></tbody></table>
            <p id="empty" hidden>No negotiations yet: create some, or paste play links below.</p>
            <h2>Add play links</h2>
            <p>Paste links of the form <code>…/play/ID#token=TOKEN</code>, one per line.</p>
            <textarea id="paste" rows="4"></textarea>
            <p><button id="add">Add</button> <span id="message"></span></p>
            <script>
            "use strict";
            \(BrowserStore.script)
            const $ = (x) => document.getElementById(x);
            async function status(entry) {
              const names = Object.keys(entry.roles);
              const name = names.find(n => entry.roles[n].kind === "observer") || names[0];
              return call("/api/negotiations/" + encodeURIComponent(entry.id) + "/state", entry.roles[name].token);
            }
            function outcomeText(result) {
              if (!result) return "";
              let text = result.reason + " after " + result.rounds + " rounds";
              const utilities = result.utilities || (result.utility !== undefined ? {"yours": result.utility} : null);
              if (utilities) text += " · " + Object.keys(utilities).sort().map(p => p + " " + utilities[p].toFixed(3)).join(", ");
              return text;
            }
            async function render() {
              const all = loadStore();
              const entries = Object.values(all).sort((a, b) => (a.created || "").localeCompare(b.created || "") || (a.label || "").localeCompare(b.label || ""));
              const body = document.querySelector("#list tbody");
              $("empty").hidden = entries.length > 0;
              const rows = await Promise.all(entries.map(async entry => {
                const links = document.createElement("span");
                for (const name of Object.keys(entry.roles).sort()) {
                  links.appendChild(el("a", name, {href: playLink(entry.id, entry.roles[name].token), target: "_blank", "data-role": name}));
                }
                const forget = el("button", "forget");
                forget.onclick = () => { const store = loadStore(); delete store[entry.id]; saveStore(store); render(); };
                try {
                  const state = await status(entry);
                  const cells = [entry.label || entry.id, entry.scenario || "", el("span", state.status, {class: state.status === "finished" ? "finished" : "running"}),
                    String(state.round || ""), state.waitingFor || "", outcomeText(state.result), links, forget];
                  const tr = row(cells);
                  tr.dataset.id = entry.id;
                  return tr;
                } catch (e) {
                  const tr = row([entry.label || entry.id, entry.scenario || "", el("span", e.message, {class: "error"}), "", "", "", links, forget]);
                  tr.dataset.id = entry.id;
                  return tr;
                }
              }));
              body.replaceChildren(...rows);
            }
            $("add").onclick = async () => {
              const lines = $("paste").value.split(/\\s+/).filter(x => x);
              let added = 0, failed = [];
              for (const line of lines) {
                const match = line.match(/\\/play\\/([^\\/#?\\s]+)#token=([^&\\s]+)/);
                if (!match) { failed.push(line); continue; }
                const id = decodeURIComponent(match[1]), token = decodeURIComponent(match[2]);
                try {
                  const summary = await call("/api/negotiations/" + encodeURIComponent(id), token);
                  const all = loadStore();
                  const entry = all[id] || {id: id, scenario: summary.scenario, label: "", created: new Date().toISOString(), roles: {}};
                  entry.roles[summary.role.role] = {kind: summary.role.kind, token: token};
                  all[id] = entry;
                  saveStore(all);
                  added += 1;
                } catch (e) { failed.push(line + " (" + e.message + ")"); }
              }
              $("message").textContent = added + " added" + (failed.length ? "; not added: " + failed.join(", ") : "");
              $("message").className = failed.length ? "error" : "";
              if (added) $("paste").value = "";
              render();
            };
            render();
            setInterval(render, 5000);
            </script>
            </body>
            </html>
            """
}

/// The page a teacher creates negotiations with: one per group of students, from a bundled
/// scenario, each role played remotely by a student or by a built-in strategy. It shows a
/// table of the play links to hand out (each with its token in the fragment) and the
/// observer's links, offers them as a CSV file, and keeps them in the browser for the list
/// page. Everything goes through the JSON API; nothing is sent but the creation requests.
enum CreatePage {
    static let html =
        HTMLPage.head(
            title: "Create negotiations",
            style: """
                body { max-width: 80rem; }
                label { display: inline-block; min-width: 12rem; }
                input, select { font-size: 0.95rem; margin: 0.15rem 0; }
                button { font-size: 0.95rem; padding: 0.35rem 0.9rem; margin: 0.3rem 0.4rem 0.3rem 0; cursor: pointer; }
                .error { color: #b00020; }
                td.link { font-family: monospace; font-size: 0.8rem; word-break: break-all; }
                """)
            + """
            <body>
            <h1>Create negotiations for a class</h1>
            <p class="subtitle">One negotiation per group, from a bundled scenario. Hand each student the link of their role; keep the observer links to follow the groups.</p>
            <p><a href="/negotiations">The negotiations this browser holds</a></p>
            <div id="form">
              <p><label for="scenario">Scenario</label> <select id="scenario"></select></p>
              <p id="about"></p>
              <div id="roles"></div>
              <p><label for="groups">Groups</label> <input id="groups" type="number" min="1" max="60" value="4"></p>
              <p><label for="label">Label of the groups</label> <input id="label" value="Group"></p>
              <p><label for="seed">Seed</label> <input id="seed" type="number" min="0" value="1"> <label><input id="sameSeed" type="checkbox" checked> the same seed for every group</label></p>
              <p><label for="rounds">Rounds (empty: the scenario's)</label> <input id="rounds" type="number" min="1" max="10000"></p>
              <p><label for="timeout">Seconds a student may take to answer</label> <input id="timeout" type="number" min="1" max="86400" value="3600"></p>
              <p><button id="create">Create</button> <span id="progress"></span></p>
              <p class="error" id="error"></p>
            </div>
            <section id="created" hidden>
            <h2>Links to hand out</h2>
            <p><button id="csv">Download as CSV</button></p>
            <table id="links"><thead><tr><th>group</th><th>role</th><th>played by</th><th>link</th></tr></thead><tbody></tbody></table>
            </section>
            <script>
            "use strict";
            \(BrowserStore.script)
            const $ = (x) => document.getElementById(x);
            let described = null, rows = [];
            async function describe() {
              $("error").textContent = "";
              try {
                described = await call("/api/scenarios/" + encodeURIComponent($("scenario").value));
                $("about").textContent = described.title + " · " + described.protocol + " talks, " + described.rounds + " rounds" + (described.summary ? " · " + described.summary : "");
                const box = $("roles");
                box.replaceChildren();
                const roles = described.parties.concat(described.mediator ? [described.mediator] : []);
                roles.forEach((name, index) => {
                  const isMediator = name === described.mediator;
                  const p = el("p");
                  p.appendChild(el("label", name + (isMediator ? " (mediator)" : ""), {for: "role" + index}));
                  p.appendChild(document.createTextNode(" "));
                  const select = el("select", null, {id: "role" + index, "data-role": name});
                  const choices = ["remote"].concat(isMediator ? described.mediators : described.negotiators);
                  for (const choice of choices) {
                    const option = el("option", choice === "remote" ? "a student (remote)" : "built-in: " + choice + (choice === described.defaults[name] ? " (default)" : ""), {value: choice});
                    if (choice === (isMediator ? described.defaults[name] : "remote")) option.selected = true;
                    select.appendChild(option);
                  }
                  p.appendChild(select);
                  box.appendChild(p);
                });
              } catch (e) { $("error").textContent = e.message; }
            }
            async function create() {
              $("error").textContent = "";
              const groups = parseInt($("groups").value, 10);
              if (!(groups >= 1 && groups <= 60)) { $("error").textContent = "Groups: from 1 to 60."; return; }
              const roles = {};
              document.querySelectorAll("#roles select").forEach(s => { roles[s.dataset.role] = s.value; });
              const seed = parseInt($("seed").value || "1", 10);
              const body = {scenario: $("scenario").value, roles: roles};
              if ($("rounds").value) body.rounds = parseInt($("rounds").value, 10);
              if ($("timeout").value) body.answerTimeout = parseFloat($("timeout").value);
              $("create").disabled = true;
              const all = loadStore();
              const stamp = new Date().toISOString();
              try {
                for (let group = 1; group <= groups; group++) {
                  $("progress").textContent = "creating " + group + " of " + groups + "…";
                  body.seed = $("sameSeed").checked ? seed : seed + group - 1;
                  const created = await call("/api/negotiations", null, {method: "POST", body: JSON.stringify(body)});
                  const label = ($("label").value || "Group") + " " + group;
                  const entry = {id: created.id, scenario: created.scenario, label: label, created: stamp, roles: {}};
                  for (const r of created.roles) {
                    if (r.strategy && r.strategy !== "remote") continue;
                    entry.roles[r.role] = {kind: r.kind, token: r.token};
                    rows.push({group: label, role: r.role, kind: r.kind, playedBy: r.kind === "observer" ? "the teacher" : "a student", link: playLink(created.id, r.token)});
                  }
                  all[created.id] = entry;
                  saveStore(all);
                }
                $("progress").textContent = groups + " created.";
              } catch (e) { $("error").textContent = e.message; $("progress").textContent = ""; }
              $("create").disabled = false;
              renderLinks();
            }
            function renderLinks() {
              $("created").hidden = rows.length === 0;
              const body = document.querySelector("#links tbody");
              body.replaceChildren(...rows.map(r => {
                const tr = row([r.group, r.role, r.playedBy, el("a", r.link, {href: r.link, target: "_blank"})]);
                tr.lastChild.className = "link";
                tr.dataset.kind = r.kind;
                return tr;
              }));
            }
            $("csv").onclick = () => {
              const quote = (x) => "\\"" + String(x).replace(/"/g, "\\"\\"") + "\\"";
              const text = "group,role,played by,link\\n" + rows.map(r => [r.group, r.role, r.playedBy, r.link].map(quote).join(",")).join("\\n") + "\\n";
              const a = el("a", null, {href: URL.createObjectURL(new Blob([text], {type: "text/csv"})), download: "parley-links.csv"});
              document.body.appendChild(a); a.click(); a.remove();
            };
            $("create").onclick = create;
            $("scenario").onchange = describe;
            (async () => {
              try {
                const list = await call("/api/scenarios");
                for (const name of list.scenarios) $("scenario").appendChild(el("option", name, {value: name}));
                await describe();
              } catch (e) { $("error").textContent = e.message; }
            })();
            </script>
            </body>
            </html>
            """
}
