import type { SessionUser } from '@closegap/workflow';
import { ROLE_LABELS, can } from '@closegap/workflow';
import { Safe, html } from './html';

interface NavItem {
  href: string;
  text: string;
  show: (u: SessionUser) => boolean;
}

const NAV: NavItem[] = [
  { href: '/', text: 'Overview', show: (u) => can(u.role, 'exceptions.read') },
  { href: '/exceptions', text: 'Exceptions', show: (u) => can(u.role, 'exceptions.read') },
  { href: '/approvals', text: 'Approvals', show: (u) => can(u.role, 'exceptions.read') },
  { href: '/identity', text: 'Identity review', show: (u) => can(u.role, 'exceptions.read') },
  { href: '/runs', text: 'Runs', show: (u) => can(u.role, 'runs.read') },
  { href: '/audit', text: 'Audit log', show: (u) => can(u.role, 'audit.read') },
];

export function page(title: string, user: SessionUser | undefined, body: Safe, active = ''): string {
  const nav = user
    ? html`<nav>${NAV.filter((n) => n.show(user)).map((n) => html`<a href="${n.href}" class="${active === n.href ? 'active' : ''}">${n.text}</a>`)}</nav>
        <div class="who"><span class="user" data-testid="current-user">${user.display_name}</span> <span class="role">${ROLE_LABELS[user.role]}</span>
          <button type="button" class="link" data-signout>Sign out</button></div>`
    : html``;
  return html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · Closegap</title>
<link rel="stylesheet" href="/assets/console.css">
<script src="/assets/chart.umd.min.js" defer></script>
<script src="/assets/console.js" defer></script>
</head><body>
<header><a class="brand" href="/">Closegap</a>${nav}</header>
<main><h1>${title}</h1><div id="flash" role="status" aria-live="polite"></div>${body}</main>
</body></html>`.value;
}

export function errorPage(status: number, message: string): string {
  return page(status === 403 ? 'Not allowed' : status === 404 ? 'Not found' : 'Something went wrong', undefined, html`<p class="error" data-status="${status}">${message}</p><p><a href="/">Back to the console</a></p>`);
}
