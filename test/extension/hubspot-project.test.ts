/**
 * Checks the HubSpot developer project against the 2025.2 platform's rules before `hs project
 * upload` sees it: where each component may live, unique uids, allowed locations and object types,
 * entry points that exist and register for their location, and config profiles whose backend URL
 * is the one `permittedUrls.fetch` lets the cards call.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../..');
const PROJECT = join(ROOT, 'extension/hubspot');

// From HubSpot's app card and app home references for platform 2025.2.
const CARD_LOCATIONS = ['crm.record.tab', 'crm.record.sidebar', 'crm.preview', 'helpdesk.sidebar'];
const PAGE_LOCATIONS = ['home'];
const CARD_OBJECT_TYPES = ['contacts', 'companies', 'deals', 'tickets'];
/** The scope a card needs to appear on records of each object type. */
const READ_SCOPE: Record<string, string> = {
  contacts: 'crm.objects.contacts.read',
  companies: 'crm.objects.companies.read',
  deals: 'crm.objects.deals.read',
  tickets: 'tickets',
};
/** What the backend does with the install: read the CRM, write Telltale's company properties (and their group), create tasks, read owners. */
const BACKEND_SCOPES = [
  'oauth',
  'crm.objects.companies.read',
  'crm.objects.companies.write',
  'crm.schemas.companies.write',
  'crm.objects.contacts.read',
  'crm.objects.contacts.write',
  'crm.objects.deals.read',
  'crm.objects.owners.read',
  'tickets',
];

interface Component {
  path: string;
  uid: string;
  type: string;
  config: Record<string, unknown>;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function filesUnder(dir: string, keep: (name: string) => boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules') return [];
    if (statSync(path).isDirectory()) return filesUnder(path, keep);
    return keep(name) ? [path] : [];
  });
}

const project = readJson<{ name: string; srcDir: string; platformVersion: string }>(join(PROJECT, 'hsproject.json'));
const SRC = join(PROJECT, project.srcDir);
const components: Component[] = filesUnder(SRC, (name) => name.endsWith('-hsmeta.json')).map((path) => ({ path, ...readJson<Omit<Component, 'path'>>(path) }));
const componentsOf = (type: string) => components.filter((c) => c.type === type);
const app = componentsOf('app')[0] as Component;
const profiles = readdirSync(SRC)
  .filter((name) => /^hsprofile\..+\.json$/.test(name))
  .map((name) => ({ name: name.slice('hsprofile.'.length, -'.json'.length), ...readJson<{ accountId: unknown; variables?: Record<string, unknown> }>(join(SRC, name)) }));

/** A component's JSON with a profile's variables filled in, as the CLI builds it. */
function withProfile(component: Component, variables: Record<string, unknown>): Component {
  const text = readFileSync(component.path, 'utf8').replace(/\$\{([A-Za-z0-9_]+)\}/g, (whole, name: string) =>
    name in variables ? String(variables[name]) : whole,
  );
  return { path: component.path, ...(JSON.parse(text) as Omit<Component, 'path'>) };
}

describe('the HubSpot developer project', () => {
  it('is a 2025.2 project whose source directory exists', () => {
    expect(project.platformVersion).toBe('2025.2');
    expect(project.name).toMatch(/\S/);
    expect(existsSync(SRC)).toBe(true);
  });

  it('gives every component a unique uid and a known type', () => {
    const uids = components.map((c) => c.uid);
    expect(new Set(uids).size).toBe(uids.length);
    for (const c of components) {
      expect(c.uid, relative(PROJECT, c.path)).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(['app', 'card', 'page'], relative(PROJECT, c.path)).toContain(c.type);
    }
  });

  it('keeps each component at the root of its feature directory', () => {
    const folder = { app: 'app', card: 'app/cards', page: 'app/pages' } as Record<string, string>;
    expect(componentsOf('app')).toHaveLength(1);
    for (const c of components) expect(relative(SRC, dirname(c.path)), c.uid).toBe(folder[c.type]);
  });

  it('places cards in allowed locations on allowed object types', () => {
    expect(componentsOf('card').length).toBeGreaterThan(0);
    for (const card of componentsOf('card')) {
      expect(CARD_LOCATIONS, card.uid).toContain(card.config.location);
      expect(card.config.name, card.uid).toMatch(/\S/);
      const objectTypes = card.config.objectTypes as string[];
      expect(objectTypes.length, card.uid).toBeGreaterThan(0);
      for (const type of objectTypes) expect(CARD_OBJECT_TYPES, card.uid).toContain(type);
    }
  });

  it('puts the home page in the home location', () => {
    expect(componentsOf('page').map((p) => p.config.location)).toEqual(PAGE_LOCATIONS);
  });

  it('points every entrypoint at a file that registers for the declared location', () => {
    for (const c of [...componentsOf('card'), ...componentsOf('page')]) {
      const entrypoint = String(c.config.entrypoint);
      expect(entrypoint.startsWith(`/${relative(SRC, dirname(c.path))}/`), c.uid).toBe(true);
      const file = join(SRC, entrypoint);
      expect(existsSync(file), `${c.uid}: ${entrypoint}`).toBe(true);
      expect(readFileSync(file, 'utf8'), c.uid).toContain(`hubspot.extend<'${String(c.config.location)}'>`);
    }
  });

  it('gives every extension directory the packages the tests ran against, shared through the app workspace', () => {
    const root = readJson<{ devDependencies: Record<string, string> }>(join(ROOT, 'package.json'));
    const workspace = readJson<{ workspaces: string[]; dependencies: Record<string, string> }>(join(SRC, 'app/package.json'));
    const directories = [...new Set([...componentsOf('card'), ...componentsOf('page')].map((c) => relative(join(SRC, 'app'), dirname(c.path))))];
    expect([...workspace.workspaces].sort()).toEqual(directories.sort());
    for (const manifest of [workspace, ...directories.map((dir) => readJson<{ dependencies: Record<string, string> }>(join(SRC, 'app', dir, 'package.json')))]) {
      expect(manifest.dependencies['@hubspot/ui-extensions']).toBe(root.devDependencies['@hubspot/ui-extensions']);
      expect(manifest.dependencies.react).toBe(root.devDependencies.react);
    }
  });

  it('asks for the scopes the backend and the cards need', () => {
    const auth = app.config.auth as { type: string; requiredScopes: string[] };
    expect(auth.type).toBe('oauth');
    expect(new Set(auth.requiredScopes).size).toBe(auth.requiredScopes.length);
    expect(auth.requiredScopes).toEqual(expect.arrayContaining(BACKEND_SCOPES));
    const cardObjects = componentsOf('card').flatMap((c) => c.config.objectTypes as string[]);
    for (const type of cardObjects) expect(auth.requiredScopes).toContain(READ_SCOPE[type]);
  });

  describe('config profiles', () => {
    it('exist, with names the CLI accepts and a numeric account id', () => {
      expect(profiles.map((p) => p.name).sort()).toEqual(['dev', 'prod']);
      for (const p of profiles) {
        expect(p.name).toMatch(/^[a-zA-Z0-9]+$/);
        expect(Number.isInteger(p.accountId) && (p.accountId as number) >= 0, p.name).toBe(true);
      }
    });

    it('define every variable the components use', () => {
      const used = new Set(components.flatMap((c) => [...readFileSync(c.path, 'utf8').matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1])));
      expect([...used]).toContain('BACKEND_URL');
      for (const p of profiles) for (const name of used) expect(Object.keys(p.variables ?? {}), `${p.name} lacks ${name}`).toContain(name);
    });

    it.each(profiles.map((p) => [p.name, p] as const))('%s: lets the cards fetch its https backend URL and only https URLs', (_name, profile) => {
      const backend = String(profile.variables?.BACKEND_URL);
      const url = new URL(backend);
      expect(url.protocol).toBe('https:');
      expect(url.hostname).not.toMatch(/^(localhost|127\.|0\.0\.0\.0)/);
      expect(backend).toBe(url.origin);

      const built = withProfile(app, profile.variables ?? {});
      const permitted = (built.config.permittedUrls as { fetch: string[] }).fetch;
      expect(permitted).toContain(backend);
      for (const allowed of permitted) expect(new URL(allowed).protocol).toBe('https:');
      const redirects = (built.config.auth as { redirectUrls: string[] }).redirectUrls;
      expect(redirects).toEqual([`${backend}/oauth/hubspot/callback`]);
    });
  });
});
