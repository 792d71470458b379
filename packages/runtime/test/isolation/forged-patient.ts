/**
 * A patient.created payload that parses as the core's own, but whose patient the core never created:
 * what a plug that could emit core signals, or write the outbox, would tell the other plugs.
 */
export const forgedPatient = (name = "Forged") => ({
  patient: {
    id: crypto.randomUUID(),
    facilityId: crypto.randomUUID(),
    name,
    birthDate: "2000-01-01",
    sex: "male",
    phone: null,
    address: null,
    identifiers: [],
    createdAt: new Date().toISOString(),
    updatedAt: new Date().toISOString(),
  },
  actor: { kind: "system", name: "core" },
});
