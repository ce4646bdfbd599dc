import { useSearchParams } from "@remix-run/react";

/** On a staff list, after someone's access has ended and their page went with it. */
export function LeftNotice() {
  const [params] = useSearchParams();
  if (params.get("avslutad") !== "1") return null;
  return (
    <p className="notice" role="status">
      Behörigheten är avslutad. Personen finns inte längre med i listan.
    </p>
  );
}
