import Parley
import ParleyReports

/// The page a person plays a role with. Static: it reads the token from the URL's fragment
/// (`#token=...`, never sent to the server in a request line), and everything else comes from
/// the API with that token, so the page shows exactly what the role may see: its brief, the
/// mediator's current text and what it is worth to the party, settled and open issues, the
/// offer history, an SVG chart of its own utility, the controls for its open question with the
/// live utility of the text on the table and of the counter being built and the risk of a
/// breakdown, and the outcome at the top when the talks end. The observer sees the utility
/// space with everyone's offers and texts, and every party's utility of the text on the table.
/// Events arrive over WebSocket. The page keeps its token in the browser's local storage, so
/// the list page (`/negotiations`) can show this negotiation.
enum PlayPage {
    static let html =
        HTMLPage.head(
            title: "Parley negotiation",
            style: """
                body { max-width: 72rem; }
                .grid { display: grid; grid-template-columns: 1fr 1fr; gap: 1.5rem; }
                .panel { border: 1px solid #d6dae3; border-radius: 6px; padding: 0.6rem 1rem; background: #fff; }
                .turn { border: 2px solid #2f6fdb; background: #f2f6fe; }
                .tag { display: inline-block; padding: 0.05rem 0.5rem; border-radius: 1rem; margin: 0.1rem; font-size: 0.85rem; }
                .settled { background: #dcf3e3; } .open { background: #fde6d8; }
                button { font-size: 0.95rem; padding: 0.35rem 0.9rem; margin: 0.3rem 0.4rem 0.3rem 0; cursor: pointer; }
                select { font-size: 0.9rem; }
                #status { font-weight: bold; }
                #history { max-height: 22rem; overflow-y: auto; }
                .error { color: #b00020; }
                .worth { background: #f6f7fa; border-radius: 4px; padding: 0.3rem 0.6rem; margin: 0.4rem 0; }
                .worth strong { font-variant-numeric: tabular-nums; }
                .below { color: #b00020; } .above { color: #1d7a3a; }
                #risk { color: #8a4b00; }
                #resultPanel { border: 2px solid #2e8b57; background: #f1faf4; }
                """)
            + """
            <body>
            <h1 id="title">Parley negotiation</h1>
            <p class="subtitle" id="subtitle"></p>
            <div class="panel" id="resultPanel" hidden><h2>Outcome</h2><div id="result"></div></div>
            <p>Status: <span id="status">connecting…</span> <span id="round"></span> <span id="waiting"></span></p>
            <div class="panel" id="controls"><h2>Your move</h2><div id="question">Waiting for the other side…</div>
              <div class="worth" id="worth" hidden>The text on the table is worth <strong id="textUtility">–</strong> to you<span id="counterLine" hidden>; <span id="counterName">your counter</span>: <strong id="counterUtility">–</strong></span> <span id="reservationLine"></span></div>
              <p id="risk" hidden></p>
              <p class="error" id="error"></p></div>
            <div class="grid">
              <div class="panel" id="briefPanel"><h2 id="briefTitle">Your brief</h2><div id="brief">(no private profile for this role)</div></div>
              <div class="panel"><h2>The text on the table</h2><div id="text">No text yet.</div><div id="textWorth"></div>
                <h2>Settled and open issues</h2><div id="issues"></div></div>
            </div>
            <div class="panel" id="chartPanel"><h2 id="chartTitle">Your utility</h2><div id="chart">(no chart for this role)</div></div>
            <div class="panel"><h2>History</h2><div id="history"></div></div>
            <script>
            "use strict";
            const id = location.pathname.split("/").pop();
            const token = new URLSearchParams(location.hash.slice(1)).get("token") || "";
            const base = "/api/negotiations/" + encodeURIComponent(id);
            let summary = null, role = null, profile = null, cursor = 0, events = [], busy = false, lastQuestion = -1, socket = null;
            let question = null, counterPrefix = null, counterRequest = 0, refreshTimer = null, textKey = "";
            const $ = (x) => document.getElementById(x);
            const esc = (s) => String(s).replace(/[&<>"']/g, c => ({"&":"&amp;","<":"&lt;",">":"&gt;","\\"":"&quot;","'":"&#39;"}[c]));
            async function api(path, options) {
              const response = await fetch(base + path, Object.assign({headers: {"Authorization": "Bearer " + token, "Content-Type": "application/json"}}, options || {}));
              const text = await response.text();
              let body = null; try { body = JSON.parse(text); } catch (e) { body = text; }
              if (!response.ok) throw new Error((body && body.error && body.error.message) || ("HTTP " + response.status));
              return body;
            }
            const fmt = (x) => (typeof x === "number" && isFinite(x)) ? x.toFixed(3) : "–";
            const pct = (x) => (100 * x).toFixed(1) + " %";
            // The utility of outcomes to the parties this role may know (a party: its own; the observer: all).
            async function utilitiesOf(outcomes) {
              if (!role || role.kind === "mediator" || outcomes.length === 0) return null;
              return api("/utilities", {method: "POST", body: JSON.stringify({outcomes: outcomes})});
            }
            function mark(element, value) {
              element.textContent = fmt(value);
              element.classList.toggle("below", profile !== null && value < profile.reservationValue);
              element.classList.toggle("above", profile !== null && value >= profile.reservationValue);
            }
            // The counter, offer or text being built: its utility, each time a select changes.
            async function updateCounter() {
              const line = $("counterLine");
              if (!counterPrefix || role.kind !== "party" || !$(counterPrefix + "0")) { line.hidden = true; return; }
              const request = ++counterRequest;
              try {
                const answer = await utilitiesOf([chosen(counterPrefix)]);
                if (request !== counterRequest || !answer) return;
                line.hidden = false;
                mark($("counterUtility"), answer.utilities[0][role.role]);
              } catch (e) { $("error").textContent = e.message; }
            }
            // The risk of a breakdown: the latest round's, and the cumulative risk so far.
            function renderRisk() {
              const rounds = events.filter(e => e.kind === "round" && typeof e.value === "number");
              const box = $("risk");
              if (rounds.length === 0 || !rounds.some(e => e.value > 0)) {
                box.hidden = !(question && typeof question.breakdownRisk === "number");
                if (!box.hidden) box.textContent = "Risk that the talks break down so far: " + pct(question.breakdownRisk) + ".";
                return;
              }
              const cumulative = 1 - rounds.reduce((s, e) => s * (1 - e.value), 1);
              const latest = rounds[rounds.length - 1];
              let text = "Risk that the talks break down: " + pct(latest.value) + " before round " + latest.round + ", " + pct(cumulative) + " so far";
              if (question && typeof question.breakdownRisk === "number") text += " (" + pct(question.breakdownRisk) + " counted for this agenda decision)";
              box.textContent = text + ".";
              box.hidden = false;
            }
            function outcomeTable(outcome) {
              if (!outcome) return "<p>none</p>";
              return "<table><tbody>" + summary.issues.map(i => "<tr><th>" + esc(i.name) + "</th><td>" + esc(outcome[i.name] ?? "") + "</td></tr>").join("") + "</tbody></table>";
            }
            function selects(prefix, outcome, fixed) {
              return "<table><tbody>" + summary.issues.map((issue, n) => {
                const chosen = (outcome && outcome[issue.name]) || issue.options[0];
                const locked = fixed && fixed[issue.name] !== undefined;
                return "<tr><th>" + esc(issue.name) + "</th><td><select id=\\"" + prefix + n + "\\" data-issue=\\"" + esc(issue.name) + "\\"" + (locked ? " disabled" : "") + ">" +
                  issue.options.map(o => "<option" + (o === chosen ? " selected" : "") + ">" + esc(o) + "</option>").join("") + "</select>" +
                  (prefix === "counter" && !locked ? " <label><input type=\\"checkbox\\" class=\\"objection\\" data-issue=\\"" + esc(issue.name) + "\\"> object</label>" : "") + "</td></tr>";
              }).join("") + "</tbody></table>";
            }
            function chosen(prefix) {
              const outcome = {};
              summary.issues.forEach((issue, n) => { outcome[issue.name] = $(prefix + n).value; });
              return outcome;
            }
            async function send(body) {
              if (busy) return;
              busy = true; $("error").textContent = "";
              try { await api("/actions", {method: "POST", body: JSON.stringify(body)}); $("question").innerHTML = "Sent. Waiting for the other side…"; }
              catch (e) { $("error").textContent = e.message; }
              finally { busy = false; refresh(); }
            }
            function renderQuestion(q) {
              const box = $("question");
              question = q || null;
              $("controls").classList.toggle("turn", !!q);
              if (!q) { if (lastQuestion !== -1) { box.innerHTML = "Waiting for the other side…"; lastQuestion = -1; counterPrefix = null; updateCounter(); } return; }
              if (q.sequence === lastQuestion) return;
              lastQuestion = q.sequence;
              counterPrefix = q.kind === "respond" ? "counter" : q.kind === "act" ? "offer" : ["initial-text", "propose", "revise"].includes(q.kind) ? "draft" : null;
              const round = q.round ? " (round " + q.round + ")" : "";
              let html = "";
              if (q.kind === "respond") {
                html = "<p>The mediator presents this text" + round + ". Accept it, or reject it: tick the issues you object to and set the options you propose.</p>" + selects("counter", q.text, q.fixed) +
                  "<button id=\\"accept\\">Accept the text</button><button id=\\"reject\\">Reject with objections</button>";
              } else if (q.kind === "act") {
                html = "<p>Your turn" + round + (q.text ? ": " + esc(q.offeredBy) + " offers the text on the table." : ": make the first offer.") + "</p>" + selects("offer", q.text, q.fixed) +
                  "<button id=\\"offer\\">Make this offer</button>" + (q.text && q.offeredBy !== role.role ? "<button id=\\"accept\\">Accept their offer</button>" : "") + "<button id=\\"end\\">End the talks</button>";
              } else if (q.kind === "admit") {
                html = "<p>You hold <strong>" + esc(q.issue) + "</strong> off the table. The risk that the talks break down is now " + Math.round((q.breakdownRisk || 0) * 100) + " %. Let it on the agenda?</p>" +
                  "<button id=\\"yes\\">Admit it</button><button id=\\"no\\">Keep it off</button>";
              } else if (q.kind === "vote" || q.kind === "ratify") {
                html = "<p>" + (q.kind === "vote" ? "Vote on the mediator's proposed change" : "Ratify the final text") + round + ":</p>" + outcomeTable(q.proposal || q.text) +
                  "<button id=\\"yes\\">Yes</button><button id=\\"no\\">No</button>";
              } else {
                html = "<p>Draft the text (" + esc(q.kind) + ")" + round + ":</p>" + selects("draft", q.text, q.fixed) + "<button id=\\"send\\">Send the text</button>";
              }
              box.innerHTML = html;
              $("counterName").textContent = q.kind === "respond" ? "your counter-proposal" : q.kind === "act" ? "your offer" : "the text you draft";
              box.querySelectorAll("select").forEach(s => s.addEventListener("change", updateCounter));
              updateCounter();
              const on = (x, f) => { const b = $(x); if (b) b.onclick = f; };
              on("accept", () => send({action: "accept"}));
              on("reject", () => {
                const objections = Array.from(document.querySelectorAll(".objection:checked")).map(x => x.dataset.issue);
                if (objections.length === 0) { $("error").textContent = "Tick at least one issue you object to."; return; }
                send({action: "reject", objections: objections, counter: chosen("counter")});
              });
              on("offer", () => send({action: "offer", outcome: chosen("offer")}));
              on("end", () => send({action: "end"}));
              on("yes", () => send({action: "vote", approve: true}));
              on("no", () => send({action: "vote", approve: false}));
              on("send", () => send({action: "text", outcome: chosen("draft")}));
            }
            function renderHistory() {
              const rows = events.filter(e => ["offer", "text", "accept", "reject", "vote", "status", "agenda", "agreement", "deadline", "breakdown", "end", "failure"].includes(e.kind)).map(e => {
                let what = e.kind;
                if (e.outcome) what += ": " + Object.keys(e.outcome).sort().map(k => k + " = " + e.outcome[k]).join("; ");
                if (e.objections) what += " (objects to " + e.objections.join(", ") + ")";
                if (e.settled) what = "settled: " + (e.settled.join(", ") || "none") + " · open: " + (e.open.join(", ") || "none");
                if (e.note) what += " — " + e.note;
                return "<tr><td class=\\"num\\">" + e.round + "</td><td>" + esc(e.actor) + "</td><td>" + esc(what) + "</td></tr>";
              });
              $("history").innerHTML = "<table><thead><tr><th>round</th><th>who</th><th>what</th></tr></thead><tbody>" + rows.reverse().join("") + "</tbody></table>";
            }
            function refreshSoon() {
              if (refreshTimer === null) refreshTimer = setTimeout(() => { refreshTimer = null; refresh(); }, 150);
            }
            // What the text on the table is worth: to the party beside its controls, to every party for the observer.
            async function renderWorth(state) {
              const key = JSON.stringify(state.text || null);
              if (key === textKey) return;
              textKey = key;
              if (!state.text || role.kind === "mediator") { $("worth").hidden = true; $("textWorth").textContent = ""; return; }
              const answer = await utilitiesOf([state.text]);
              if (!answer) return;
              const values = answer.utilities[0];
              if (role.kind === "party") {
                $("worth").hidden = false;
                mark($("textUtility"), values[role.role]);
                $("reservationLine").textContent = "(no deal: " + fmt(profile.reservationValue) + ")";
                $("textWorth").innerHTML = "<p>Worth <strong id=\\"tableUtility\\">" + fmt(values[role.role]) + "</strong> to you; your reservation value is " + fmt(profile.reservationValue) + ".</p>";
              } else {
                $("textWorth").innerHTML = "<table id=\\"everyone\\"><thead><tr><th>party</th><th class=\\"num\\">utility of this text</th><th class=\\"num\\">reservation value</th></tr></thead><tbody>" +
                  answer.parties.map(p => "<tr><td>" + esc(p) + "</td><td class=\\"num\\">" + fmt(values[p]) + "</td><td class=\\"num\\">" + fmt(answer.reservationValues[p]) + "</td></tr>").join("") + "</tbody></table>";
              }
            }
            async function refresh() {
              try {
                const state = await api("/state");
                $("status").textContent = state.status === "your-turn" ? "your turn" : state.status;
                $("round").textContent = state.round ? "· round " + state.round : "";
                $("waiting").textContent = state.waitingFor && !state.result ? "· waiting for " + state.waitingFor : "";
                $("text").innerHTML = state.text ? "<p>From " + esc(state.textFrom) + ":</p>" + outcomeTable(state.text) : "No text yet.";
                await renderWorth(state);
                $("issues").innerHTML = state.settled.map(i => "<span class=\\"tag settled\\">✓ " + esc(i) + "</span>").join("") + state.open.map(i => "<span class=\\"tag open\\">" + esc(i) + "</span>").join("");
                renderQuestion(state.question);
                renderRisk();
                if (state.result) {
                  $("resultPanel").hidden = false;
                  const r = state.result;
                  let worth = "";
                  if (r.utility !== undefined && profile) {
                    worth = " · worth <strong id=\\"outcomeUtility\\">" + fmt(r.utility) + "</strong> to you, " + (r.utility >= profile.reservationValue ? "at least" : "less than") + " your reservation value " + fmt(profile.reservationValue);
                  }
                  const everyone = r.utilities ? "<table id=\\"outcomeUtilities\\"><tbody>" + Object.keys(r.utilities).sort().map(p => "<tr><th>" + esc(p) + "</th><td class=\\"num\\">" + fmt(r.utilities[p]) + "</td></tr>").join("") + "</tbody></table>" : "";
                  $("result").innerHTML = "<p id=\\"outcome\\"><strong>" + esc(r.reason) + "</strong> after " + r.rounds + " rounds" + (r.by ? " (" + esc(r.by) + ")" : "") + worth + "</p>" + (r.agreement ? outcomeTable(r.agreement) : "") + everyone + (r.message ? "<p>" + esc(r.message) + "</p>" : "");
                  $("controls").hidden = true;
                }
                if (role.kind !== "mediator") { const svg = await fetch(base + "/chart.svg", {headers: {"Authorization": "Bearer " + token}}); if (svg.ok) $("chart").innerHTML = await svg.text(); }
              } catch (e) { $("error").textContent = e.message; }
            }
            function connect() {
              const scheme = location.protocol === "https:" ? "wss://" : "ws://";
              socket = new WebSocket(scheme + location.host + base + "/events/ws?token=" + encodeURIComponent(token) + "&cursor=" + cursor);
              socket.onmessage = (message) => {
                const data = JSON.parse(message.data);
                if (data.type === "event" && data.event.cursor === cursor) { events.push(data.event); cursor += 1; renderHistory(); }
                refreshSoon();
              };
              socket.onclose = () => { socket = null; setTimeout(connect, 1000); };
            }
            // Keeps this role's token in the browser, for the list page; never sent anywhere.
            function remember() {
              try {
                const all = JSON.parse(localStorage.getItem("parley.negotiations") || "{}");
                const entry = all[id] || {id: id, scenario: summary.scenario, label: "", created: new Date().toISOString(), roles: {}};
                entry.roles[role.role] = {kind: role.kind, token: token};
                all[id] = entry;
                localStorage.setItem("parley.negotiations", JSON.stringify(all));
              } catch (e) { /* storage unavailable: the list page will not show it */ }
            }
            async function main() {
              if (!token) { $("status").textContent = "no token: open the link with #token=..."; return; }
              try {
                summary = await api("");
                role = summary.role;
                document.title = role.role + " · " + summary.scenario;
                $("title").textContent = summary.scenario + " — " + role.role;
                $("subtitle").textContent = summary.protocol + " talks · parties: " + summary.parties.join(", ") + (summary.mediator ? " · mediator: " + summary.mediator : "");
                remember();
                if (role.kind === "observer") {
                  $("controls").hidden = true;
                  $("briefPanel").hidden = true;
                  document.querySelector(".grid").style.gridTemplateColumns = "1fr";
                  $("chartTitle").textContent = "The utility space: every offer and text";
                } else if (role.kind === "mediator") {
                  $("briefPanel").hidden = true;
                  document.querySelector(".grid").style.gridTemplateColumns = "1fr";
                  $("chartPanel").hidden = true;
                }
                if (role.kind === "party") {
                  const p = await api("/profiles/" + encodeURIComponent(role.role));
                  profile = p;
                  let rows = summary.issues.map(i => "<tr><th>" + esc(i.name) + "</th><td class=\\"num\\">" + (p.weights ? p.weights[i.name].toFixed(2) : "") + "</td><td>" +
                    (p.values ? i.options.map((o, n) => esc(o) + " " + p.values[i.name][n].toFixed(2)).join(" · ") : "") + "</td></tr>").join("");
                  $("brief").innerHTML = "<p>Only you see this. No deal is worth " + p.reservationValue + " to you; a breakdown " + p.breakdownValue + ".</p><table><thead><tr><th>issue</th><th>weight</th><th>value of each option</th></tr></thead><tbody>" + rows + "</tbody></table>";
                }
              } catch (e) { $("status").textContent = "error"; $("error").textContent = e.message; return; }
              await refresh();
              connect();
              setInterval(refresh, 3000);
            }
            // Another token in the fragment is another role: start again as that role.
            window.addEventListener("hashchange", () => location.reload());
            main();
            </script>
            </body>
            </html>
            """
}
