import ParleyForecast
import Testing

@Test("a stakeholder keeps what it is given")
func stakeholderKeepsValues() {
    let actor = Stakeholder(name: "Oman", capability: 5, position: 40, salience: 0.8)
    #expect(actor.position == 40)
    #expect(actor.salience == 0.8)
}
