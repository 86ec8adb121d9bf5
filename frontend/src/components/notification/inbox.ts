/**
 * The SPA path an inbox item points at, or null. Only same-app paths are followed: a link that is absent,
 * protocol-relative (`//host`) or absolute (`https://…`) is not a place inside this app.
 */
export function spaLink(link: string | null | undefined): string | null {
  if (!link || !link.startsWith('/') || link.startsWith('//') || link.startsWith('/\\')) return null
  return link
}

/** How often the bell asks for the unread count (only while the tab is visible). */
export const POLL_MS = 30_000
