/** Single-use link tokens (password reset, invitation, consent) never reach a log line. */
export function withoutTokens(path: string): string {
  return path.replace(/^\/(aterstall-losenord|inbjudan|samtycke)\/[^/]+/, "/$1/[token]");
}
