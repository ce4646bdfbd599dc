import { useLocation } from "@remix-run/react";
import { useEffect, useRef } from "react";

/**
 * After a move to another page without a page load (a link or a form Remix handles in the
 * browser), the element that had focus is often gone (the login form's button, for one), and
 * the browser would go on from where it stood: the next Tab lands somewhere in the middle of
 * the new page. A page load starts at the top instead, so the first Tab reaches "Hoppa till
 * innehållet"; this does the same whenever the new page has not put focus anywhere itself
 * (an error summary, a dialog).
 */
export function FocusReset() {
  const { pathname } = useLocation();
  const previous = useRef(pathname);
  useEffect(() => {
    if (previous.current === pathname) return;
    previous.current = pathname;
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    const body = document.body;
    body.tabIndex = -1;
    body.focus({ preventScroll: true });
    body.removeAttribute("tabindex");
  }, [pathname]);
  return null;
}
