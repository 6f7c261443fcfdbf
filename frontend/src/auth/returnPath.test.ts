import { describe, expect, it } from 'vitest';
import { loginPath, returnPathFrom, safeReturnPath } from './returnPath';

describe('safeReturnPath', () => {
  it.each([
    { next: '/vault', want: '/vault' },
    { next: '/jobs?page=2#run-7', want: '/jobs?page=2#run-7' },
    { next: '/', want: '/' },
    { next: undefined, want: '/' },
    { next: '', want: '/' },
    { next: 'vault', want: '/' },
    { next: '//evil.example/x', want: '/' },
    { next: '/\\evil.example', want: '/' },
    { next: '/\t/evil.example', want: '/' },
    { next: 'https://evil.example/', want: '/' },
    { next: 'javascript:alert(1)', want: '/' },
    { next: '/login', want: '/' },
    { next: '/setup?x=1', want: '/' },
  ])('turns $next into $want', ({ next, want }) => {
    expect(safeReturnPath(next)).toBe(want);
  });
});

describe('loginPath', () => {
  it('keeps the wanted page, with its query and fragment, for after sign-in', () => {
    const path = loginPath({ pathname: '/jobs', search: '?page=2', hash: '#run-7' });
    expect(path).toBe('/login?next=%2Fjobs%3Fpage%3D2%23run-7');
    expect(returnPathFrom(path.slice(path.indexOf('?')))).toBe('/jobs?page=2#run-7');
  });

  it('leaves out the dashboard, where sign-in leads anyway', () => {
    expect(loginPath({ pathname: '/', search: '', hash: '' })).toBe('/login');
  });
});
