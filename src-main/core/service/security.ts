/**
 * The Content-Security-Policy of the UI, for both adapters (the server's
 * header, Electron's response header). No inline script, no eval, nothing
 * from elsewhere.
 */
export const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The same policy for a <meta> tag (the desktop app loads files, which carry no headers); frame-ancestors only works as a header. */
export const CSP_META = CSP.split('; ')
  .filter((d) => !d.startsWith('frame-ancestors'))
  .join('; ');
