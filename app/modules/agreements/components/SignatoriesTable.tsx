import { formatDateTime } from "~/lib/dates";
import type { SignatoryView } from "../agreements.server";

type Signatory = Omit<SignatoryView, "signature"> & {
  signature: { signerName: string; signerTitle: string | null; signedAt: Date | string } | null;
};

/** Who must sign a version, and who has: the waiting ones stand out. */
export function SignatoriesTable({
  signatories,
  caption,
}: {
  signatories: Signatory[];
  caption: string;
}) {
  return (
    <div className="table-wrap" role="region" aria-label={caption} tabIndex={0}>
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Part</th>
            <th scope="col">Undertecknas av</th>
            <th scope="col">Underskrift</th>
          </tr>
        </thead>
        <tbody>
          {signatories.map((s) => (
            <tr key={`${s.organisationId}:${s.role}`}>
              <th scope="row">{s.organisationName}</th>
              <td>{s.roleLabel}</td>
              <td>
                {s.signature ? (
                  <>
                    {s.signature.signerName}
                    {s.signature.signerTitle ? `, ${s.signature.signerTitle}` : ""}
                    <br />
                    <span className="muted">{formatDateTime(s.signature.signedAt)}</span>
                  </>
                ) : (
                  <span className="status-missing">Har inte skrivit under</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
