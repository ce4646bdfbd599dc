// Every address no other route matches: the Swedish 404 page of the root error boundary.
export function loader() {
  throw new Response("Sidan finns inte", { status: 404 });
}

export default function NotFound() {
  return null;
}
