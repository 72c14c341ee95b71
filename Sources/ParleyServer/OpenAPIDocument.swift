/// The OpenAPI 3.1 description of the HTTP API, served at `/openapi.json`.
enum OpenAPIDocument {
    static let json = #"""
        {
          "openapi": "3.1.0",
          "info": {
            "title": "Parley negotiation server",
            "version": "1.0.0",
            "description": "Multi-issue negotiations over HTTP and WebSocket. Creating a negotiation returns one bearer token per role (each party, the mediator, an observer); a token grants exactly one role in one negotiation. Outcomes are objects from issue name to option label. Errors are JSON: {\"error\": {\"status\": 422, \"message\": \"...\"}}."
          },
          "servers": [{"url": "/"}],
          "components": {
            "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
            "parameters": {
              "id": {"name": "id", "in": "path", "required": true, "schema": {"type": "string"}, "description": "The negotiation's id; must be the token's negotiation, else 404."},
              "cursor": {"name": "cursor", "in": "query", "schema": {"type": "integer", "minimum": 0}, "description": "Position in the role's own list of visible events to read from (0 = the first)."},
              "wait": {"name": "wait", "in": "query", "schema": {"type": "number", "minimum": 0, "maximum": 60}, "description": "Seconds to wait for something to return (long poll)."}
            },
            "schemas": {
              "Outcome": {"type": "object", "additionalProperties": {"type": "string"}, "description": "Option label per issue name; every issue must be named."},
              "Error": {"type": "object", "required": ["error"], "properties": {"error": {"type": "object", "required": ["status", "message"], "properties": {"status": {"type": "integer"}, "message": {"type": "string"}}}}},
              "CreateRequest": {
                "type": "object",
                "description": "Exactly one of scenario, scenarioText, genius.",
                "properties": {
                  "scenario": {"type": "string", "description": "A bundled scenario's name, e.g. us-iran-geneva-2026."},
                  "scenarioText": {"type": "string", "description": "A Parley scenario as YAML or JSON text."},
                  "genius": {"type": "object", "required": ["files"], "properties": {"files": {"type": "object", "additionalProperties": {"type": "string"}, "description": "XML text by file name: one domain and one profile per party."}, "realStep": {"type": "number"}}},
                  "protocol": {"type": "string", "enum": ["alternating-offers", "single-text", "indirect"]},
                  "rounds": {"type": "integer", "minimum": 1, "maximum": 10000},
                  "seed": {"type": "integer", "minimum": 0},
                  "roles": {"type": "object", "additionalProperties": {"type": "string"}, "description": "Strategy per party or mediator name: a built-in negotiator or mediator, or \"remote\"."},
                  "answerTimeout": {"type": "number", "description": "Seconds a remote role may take to answer before the negotiation fails naming it."}
                }
              },
              "Role": {"type": "object", "properties": {"role": {"type": "string"}, "kind": {"type": "string", "enum": ["party", "mediator", "observer"]}, "strategy": {"type": "string"}, "token": {"type": "string"}, "page": {"type": "string"}}},
              "CreateResponse": {"type": "object", "properties": {"id": {"type": "string"}, "scenario": {"type": "string"}, "protocol": {"type": "string"}, "roles": {"type": "array", "items": {"$ref": "#/components/schemas/Role"}}}},
              "Question": {"type": "object", "properties": {"sequence": {"type": "integer"}, "kind": {"type": "string", "enum": ["act", "vote", "ratify", "respond", "admit", "initial-text", "propose", "revise"]}, "actions": {"type": "array", "items": {"type": "string"}}, "round": {"type": "integer"}, "time": {"type": "number"}, "text": {"$ref": "#/components/schemas/Outcome"}, "proposal": {"$ref": "#/components/schemas/Outcome"}, "offeredBy": {"type": "string"}, "issue": {"type": "string"}, "breakdownRisk": {"type": "number"}, "fixed": {"$ref": "#/components/schemas/Outcome"}}},
              "Event": {"type": "object", "properties": {"cursor": {"type": "integer"}, "step": {"type": "integer"}, "round": {"type": "integer"}, "actor": {"type": "string"}, "kind": {"type": "string"}, "outcome": {"$ref": "#/components/schemas/Outcome"}, "issues": {"type": "array", "items": {"type": "string"}}, "objections": {"type": "array", "items": {"type": "string"}}, "settled": {"type": "array", "items": {"type": "string"}}, "open": {"type": "array", "items": {"type": "string"}}, "approve": {"type": "boolean"}, "value": {"type": "number"}, "note": {"type": "string"}, "audience": {"type": "array", "items": {"type": "string"}}}},
              "Events": {"type": "object", "properties": {"events": {"type": "array", "items": {"$ref": "#/components/schemas/Event"}}, "cursor": {"type": "integer"}, "finished": {"type": "boolean"}}},
              "Result": {"type": "object", "properties": {"reason": {"type": "string", "enum": ["agreement", "deadline", "walk-away", "breakdown", "failure"]}, "agreement": {"$ref": "#/components/schemas/Outcome"}, "rounds": {"type": "integer"}, "settled": {"type": "array", "items": {"type": "string"}}, "open": {"type": "array", "items": {"type": "string"}}, "utility": {"type": "number"}, "utilities": {"type": "object", "additionalProperties": {"type": "number"}}, "discountedUtility": {"type": "number"}, "discountedUtilities": {"type": "object", "additionalProperties": {"type": "number"}}, "by": {"type": "string"}, "message": {"type": "string"}}},
              "State": {"type": "object", "properties": {"negotiation": {"type": "string"}, "role": {"type": "string"}, "status": {"type": "string", "enum": ["running", "your-turn", "finished"]}, "round": {"type": "integer"}, "question": {"$ref": "#/components/schemas/Question"}, "waitingFor": {"type": "string"}, "text": {"$ref": "#/components/schemas/Outcome"}, "textFrom": {"type": "string"}, "settled": {"type": "array", "items": {"type": "string"}}, "open": {"type": "array", "items": {"type": "string"}}, "events": {"type": "integer"}, "result": {"$ref": "#/components/schemas/Result"}}},
              "Action": {
                "type": "object", "required": ["action"],
                "properties": {
                  "action": {"type": "string", "enum": ["offer", "accept", "end", "reject", "vote", "text"]},
                  "outcome": {"$ref": "#/components/schemas/Outcome"},
                  "counter": {"$ref": "#/components/schemas/Outcome"},
                  "objections": {"type": "array", "items": {"type": "string"}},
                  "approve": {"type": "boolean"}
                }
              },
              "UtilitiesRequest": {"type": "object", "required": ["outcomes"], "properties": {"outcomes": {"type": "array", "maxItems": 64, "items": {"$ref": "#/components/schemas/Outcome"}}}},
              "Utilities": {"type": "object", "properties": {"parties": {"type": "array", "items": {"type": "string"}, "description": "Whose utilities are given: the party itself, or every party for the observer."}, "reservationValues": {"type": "object", "additionalProperties": {"type": "number"}}, "utilities": {"type": "array", "items": {"type": "object", "additionalProperties": {"type": "number"}}, "description": "Per outcome asked, in order: utility by party name."}}},
              "ScenarioDescription": {"type": "object", "properties": {"name": {"type": "string"}, "title": {"type": "string"}, "summary": {"type": "string"}, "protocol": {"type": "string"}, "rounds": {"type": "integer"}, "parties": {"type": "array", "items": {"type": "string"}}, "mediator": {"type": "string"}, "defaults": {"type": "object", "additionalProperties": {"type": "string"}, "description": "The default strategy of each role."}, "negotiators": {"type": "array", "items": {"type": "string"}}, "mediators": {"type": "array", "items": {"type": "string"}}}},
              "Profile": {"type": "object", "properties": {"party": {"type": "string"}, "reservationValue": {"type": "number"}, "breakdownValue": {"type": "number"}, "weights": {"type": "object", "additionalProperties": {"type": "number"}}, "values": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "number"}}}, "best": {"$ref": "#/components/schemas/Outcome"}, "bestUtility": {"type": "number"}}}
            },
            "responses": {
              "Error": {"description": "What is wrong", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
            }
          },
          "paths": {
            "/health": {"get": {"summary": "Liveness", "responses": {"200": {"description": "ok"}}}},
            "/api/scenarios": {"get": {"summary": "Bundled scenario names", "responses": {"200": {"description": "names", "content": {"application/json": {"schema": {"type": "object", "properties": {"scenarios": {"type": "array", "items": {"type": "string"}}}}}}}}}},
            "/api/scenarios/{name}": {"get": {"summary": "A bundled scenario's roles, protocol and default strategies, and the built-in strategies", "parameters": [{"name": "name", "in": "path", "required": true, "schema": {"type": "string"}}],
              "responses": {"200": {"description": "scenario", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ScenarioDescription"}}}}, "404": {"$ref": "#/components/responses/Error"}}}},
            "/api/negotiations": {
              "post": {
                "summary": "Create a negotiation and get one token per role",
                "description": "A server bound to a non-loopback address requires its creation key as Authorization: Bearer KEY (401 without it) and limits creations per client address (429 with Retry-After seconds in the message). A scenario whose outcome space exceeds the server's limit is refused with 422.",
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateRequest"}}}},
                "responses": {"201": {"description": "created", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/CreateResponse"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}, "429": {"$ref": "#/components/responses/Error"}}
              }
            },
            "/api/negotiations/{id}": {
              "get": {"summary": "The negotiation's public description and the token's role", "security": [{"bearer": []}], "parameters": [{"$ref": "#/components/parameters/id"}],
                "responses": {"200": {"description": "summary"}, "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}
            },
            "/api/negotiations/{id}/profiles/{role}": {
              "get": {"summary": "A party's own private profile", "security": [{"bearer": []}], "parameters": [{"$ref": "#/components/parameters/id"}, {"name": "role", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "profile", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Profile"}}}}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}
            },
            "/api/negotiations/{id}/state": {
              "get": {"summary": "The role's view of the current state and its open question", "security": [{"bearer": []}], "parameters": [{"$ref": "#/components/parameters/id"}, {"$ref": "#/components/parameters/wait"}],
                "description": "With wait, returns as soon as it is the role's turn or the negotiation has ended.",
                "responses": {"200": {"description": "state", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/State"}}}}, "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}
            },
            "/api/negotiations/{id}/events": {
              "get": {"summary": "Events visible to the role, from a cursor", "security": [{"bearer": []}], "parameters": [{"$ref": "#/components/parameters/id"}, {"$ref": "#/components/parameters/cursor"}, {"$ref": "#/components/parameters/wait"}],
                "responses": {"200": {"description": "events", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Events"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}
            },
            "/api/negotiations/{id}/events/ws": {
              "get": {"summary": "WebSocket stream of the role's events", "description": "Authenticate with ?token=. A refused stream opens and closes at once with close code 4401 (no or unknown token) or 4404 (the token's negotiation is another one) and the reason. Messages: {type: event, event}, {type: question, question} when it is the role's turn, {type: finished}. Resume with ?cursor=.", "parameters": [{"$ref": "#/components/parameters/id"}, {"$ref": "#/components/parameters/cursor"}, {"name": "token", "in": "query", "required": true, "schema": {"type": "string"}}],
                "responses": {"101": {"description": "switching to WebSocket"}}}
            },
            "/api/negotiations/{id}/actions": {
              "post": {"summary": "Answer the role's open question", "security": [{"bearer": []}], "parameters": [{"$ref": "#/components/parameters/id"}, {"name": "Idempotency-Key", "in": "header", "schema": {"type": "string", "minLength": 1, "maxLength": 128}, "description": "Optional. An action sent again with a key its role already used is not applied again: the answer is the first one's 202 with the header Idempotent-Replayed: true. Keys are stored with the answer, so this holds across restarts."}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Action"}}}},
                "responses": {"202": {"description": "logged and handed to the session"}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "409": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}
            },
            "/api/negotiations/{id}/chart.svg": {
              "get": {"summary": "SVG chart: a party's own utility of each text and offer it saw; for the observer, the utility space with every offer and text", "security": [{"bearer": []}], "parameters": [{"$ref": "#/components/parameters/id"}],
                "responses": {"200": {"description": "SVG", "content": {"image/svg+xml": {}}}, "401": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}}}
            },
            "/api/negotiations/{id}/utilities": {
              "post": {"summary": "The utility of outcomes to the parties the role may know: a party its own only, the observer every party's; the mediator none (403)", "security": [{"bearer": []}], "parameters": [{"$ref": "#/components/parameters/id"}],
                "requestBody": {"required": true, "content": {"application/json": {"schema": {"$ref": "#/components/schemas/UtilitiesRequest"}}}},
                "responses": {"200": {"description": "utilities", "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Utilities"}}}}, "400": {"$ref": "#/components/responses/Error"}, "401": {"$ref": "#/components/responses/Error"}, "403": {"$ref": "#/components/responses/Error"}, "404": {"$ref": "#/components/responses/Error"}, "413": {"$ref": "#/components/responses/Error"}, "422": {"$ref": "#/components/responses/Error"}}}
            },
            "/play/{id}": {"get": {"summary": "The web page for a person to play a role (token in the URL fragment: #token=...)", "parameters": [{"$ref": "#/components/parameters/id"}], "responses": {"200": {"description": "HTML"}}}},
            "/negotiations": {"get": {"summary": "The web page listing the negotiations whose tokens this browser holds, with their status (tokens stay in the browser)", "responses": {"200": {"description": "HTML"}}}},
            "/negotiations/new": {"get": {"summary": "The web page creating one negotiation per group from a bundled scenario, with the links to hand out", "responses": {"200": {"description": "HTML"}}}},
            "/openapi.json": {"get": {"summary": "This document", "responses": {"200": {"description": "OpenAPI"}}}}
          }
        }
        """#
}
