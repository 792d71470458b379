import { OrderForm } from "./order-form.js";

/** On an encounter's page: order a test for this encounter (the patient's Lab tab lists it with the others). */
export default function EncounterOrderAction({ encounterId, patientId }: { encounterId: string; patientId: string }) {
  return <OrderForm patientId={patientId} encounterId={encounterId} titleOrder={3} />;
}
