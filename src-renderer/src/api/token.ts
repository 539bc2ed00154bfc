/** Where the web token lives between reloads of the same tab (never localStorage: it must die with the tab). */
const TOKEN_KEY = 'gan-studio.token';

/**
 * The web-mode access token. Taken from `?token=` in the page URL the first time (then kept in
 * sessionStorage and removed from the address bar so it is not bookmarked or screen-shared), otherwise
 * from sessionStorage. Null when neither has one.
 */
export function takeToken(): string | null {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(window.history.state, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY);
}

/** The stored token, without touching the URL (for HTTP helpers). */
export function storedToken(): string | null {
  return sessionStorage.getItem(TOKEN_KEY);
}

/** Forgets a token the server refused, so a reload does not retry it forever. */
export function forgetToken(): void {
  sessionStorage.removeItem(TOKEN_KEY);
}
