/** Single-use link tokens (password reset, invitation) never reach a log line. */
export function withoutTokens(path: string): string {
  return path.replace(/\/(aterstall-losenord|inbjudan)\/[^/]+/, "/$1/[token]");
}
