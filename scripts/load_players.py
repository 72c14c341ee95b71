"""What the load tests (load-test.py over long-poll, websocket-load.py over WebSocket) negotiate:
a two-issue scenario, and the rule their remote players answer by."""

SCENARIO = """parley: 1
name: Two issues
issues:
  - {name: price, options: [p0, p1, p2, p3, p4, p5]}
  - {name: delivery, options: [d0, d1, d2, d3]}
parties:
  - name: Buyer
    reservation: 0.1
    weights: {price: 0.6, delivery: 0.4}
    values: {price: {p0: 1, p1: 0.8, p2: 0.6, p3: 0.4, p4: 0.2, p5: 0}, delivery: {d0: 0, d1: 0.33, d2: 0.66, d3: 1}}
  - name: Seller
    reservation: 0.1
    weights: {price: 0.7, delivery: 0.3}
    values: {price: {p0: 0, p1: 0.2, p2: 0.4, p3: 0.6, p4: 0.8, p5: 1}, delivery: {d0: 1, d1: 0.66, d2: 0.33, d3: 0}}
talks: {protocol: alternating-offers, rounds: 12}
"""


def answer(role, question, turn):
    """Concede one step per turn; accept once the offer on the table is good enough."""
    if question.get("text") and question.get("offeredBy") != role and turn >= 4:
        return {"action": "accept"}
    if role == "Buyer":
        return {"action": "offer", "outcome": {"price": f"p{min(turn - 1, 5)}", "delivery": f"d{max(3 - turn + 1, 0)}"}}
    return {"action": "offer", "outcome": {"price": f"p{max(5 - turn + 1, 0)}", "delivery": f"d{min(turn - 1, 3)}"}}
