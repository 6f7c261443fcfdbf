import { describe, expect, it } from 'vitest';
import {
  compatibleEngines,
  initialMapping,
  mappingErrors,
  mappingInput,
  restored,
  restoresIntoFile,
  restoreTargets,
} from './restoreMapping';

describe('compatibleEngines', () => {
  it('restores into the same engine, and MySQL and MariaDB into each other', () => {
    expect(compatibleEngines('postgres', 'postgres')).toBe(true);
    expect(compatibleEngines('mysql', 'mariadb')).toBe(true);
    expect(compatibleEngines('mariadb', 'mysql')).toBe(true);
    expect(compatibleEngines('postgres', 'mysql')).toBe(false);
    expect(compatibleEngines('sqlite', 'postgres')).toBe(false);
  });

  it('keeps only the sources of a matching engine, in order', () => {
    const sources = [
      { id: 'a', engine: 'postgres' },
      { id: 'b', engine: 'mariadb' },
      { id: 'c', engine: 'mysql' },
      { id: 'd', engine: 'sqlite' },
    ];
    expect(restoreTargets(sources, 'mysql').map((s) => s.id)).toEqual(['b', 'c']);
    expect(restoreTargets(sources, 'sqlite').map((s) => s.id)).toEqual(['d']);
  });
});

describe('database mapping', () => {
  it('starts with every database restored under its own name', () => {
    expect(initialMapping(['shop', 'crm'])).toEqual([
      { from: 'shop', to: 'shop' },
      { from: 'crm', to: 'crm' },
    ]);
    expect(initialMapping(null)).toEqual([]);
  });

  it('has no mapping for a SQLite backup: the server restores it into the target source\'s file', () => {
    expect(restoresIntoFile('sqlite')).toBe(true);
    expect(restoresIntoFile('postgres')).toBe(false);
    expect(initialMapping(['/srv/shop.db'], 'sqlite')).toEqual([]);
    expect(mappingInput([{ from: '/srv/shop.db', to: '/srv/copy.db' }], 'sqlite')).toBeNull();
    expect(initialMapping(['shop'], 'postgres')).toEqual([{ from: 'shop', to: 'shop' }]);
    expect(mappingInput([{ from: 'shop', to: 'shop' }], 'postgres')).toEqual([{ from: 'shop', to: 'shop' }]);
  });

  it('skips databases with an empty target and trims the names', () => {
    const rows = [
      { from: 'shop', to: ' shop_copy ' },
      { from: 'crm', to: '  ' },
    ];
    expect(restored(rows)).toEqual([{ from: 'shop', to: 'shop_copy' }]);
    expect(mappingInput(rows)).toEqual([
      { from: 'shop', to: 'shop_copy' },
      { from: 'crm', to: '' },
    ]);
    expect(mappingErrors(rows)).toEqual({});
  });

  it('sends no mapping for a backup that lists no databases', () => {
    expect(mappingInput([])).toBeNull();
    expect(mappingErrors([])).toEqual({});
  });

  it('refuses to skip everything', () => {
    expect(mappingErrors([{ from: 'shop', to: '' }])).toEqual({
      [-1]: 'Choose at least one database to restore: every target name is empty.',
    });
  });

  it('refuses two databases restored into the same target', () => {
    const rows = [
      { from: 'shop', to: 'main' },
      { from: 'crm', to: 'other' },
      { from: 'wiki', to: 'main ' },
    ];
    expect(mappingErrors(rows)).toEqual({ 2: 'shop is already restored into main' });
  });
});
