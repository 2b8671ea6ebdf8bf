fetch("/config.json").then(r => r.json()).then(c => { document.querySelector("#app p").textContent = "Ledger API: " + c.ledger_url; });
