/**
 * Secret link tokens (password reset, invitation, consent, a calendar feed) never reach a log
 * line.
 */
export function withoutTokens(path: string): string {
  return path.replace(/^\/(aterstall-losenord|inbjudan|samtycke|kalender)\/[^/]+/, "/$1/[token]");
}
