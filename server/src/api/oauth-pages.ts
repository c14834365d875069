import type { Response } from 'express';

/** One page of the install flow, shown in the browser of the HubSpot user who installs the app. */
export interface OAuthPage {
  status: number;
  title: string;
  message: string;
  /** A link to follow (start again, go back to HubSpot). */
  action?: { href: string; label: string };
}

const escape = (text: string) =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** The page as HTML: no scripts, no external resources, every value escaped. */
export function renderOAuthPage(page: OAuthPage): string {
  const action = page.action ? `<p><a href="${escape(page.action.href)}">${escape(page.action.label)}</a></p>` : '';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(page.title)} · Telltale</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:4rem auto;padding:0 1rem;color:#213343}h1{font-size:1.5rem}a{color:#0068b1}</style>
</head><body><h1>${escape(page.title)}</h1><p>${escape(page.message)}</p>${action}</body></html>
`;
}

/**
 * Sends a page. The callback URL carries the authorization code, so the page is never cached and
 * sends no Referer; it runs no script and cannot be framed.
 */
export function sendOAuthPage(res: Response, page: OAuthPage): void {
  res
    .status(page.status)
    .set({
      'Content-Type': 'text/html; charset=utf-8',
      'Cache-Control': 'no-store',
      'Referrer-Policy': 'no-referrer',
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
      'X-Content-Type-Options': 'nosniff',
    })
    .send(renderOAuthPage(page));
}
