import type { PlugNames } from "../../../names.js";

/** src/ui/patient-notes-tab.tsx: a patient tab that reads the plug's own route. */
export const uiTab = (plug: PlugNames): string => `import { usePlugTranslation } from "@care/plug-sdk/ui";
import { usePlugQuery } from "./client.js";

/** The patient's notes (GET /api/plugs/${plug.id}/patients/:patientId/notes), on a tab of the patient page. */
export default function PatientNotesTab({ patientId }: { patientId: string }) {
  const { t, locale } = usePlugTranslation();
  const notes = usePlugQuery("GET /patients/:patientId/notes", { params: { patientId } });
  if (notes.isPending) return <p role="status">{t("loading")}</p>;
  if (notes.isError) return <p role="alert">{t("failed", { message: notes.error.message })}</p>;
  return (
    <section aria-labelledby="${plug.id}-notes-title">
      <h2 id="${plug.id}-notes-title">{t("title")}</h2>
      {notes.data.items.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <ul>
          {notes.data.items.map((note) => (
            <li key={note.id}>
              {note.note} <time dateTime={note.createdAt}>{new Date(note.createdAt).toLocaleString(locale)}</time>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
`;
