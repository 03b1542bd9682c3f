import { IdentityResolver } from './resolver';
import { TestBundle } from './test/builders';

const FIRST = ['Allied', 'Summit', 'Brightwave', 'Northgate', 'Harbor', 'Pinnacle', 'Crescent', 'Evergreen', 'Granite', 'Silverline', 'Redwood', 'Bluewater', 'Ironclad', 'Keystone', 'Lakeside', 'Meridian', 'Oakridge', 'Phoenix', 'Riverside', 'Sterling', 'Trident', 'Vanguard', 'Westfield', 'Zenith', 'Atlas', 'Beacon', 'Cobalt', 'Delta', 'Eastern', 'Frontier'];
const SECOND = ['Logistics', 'Healthcare', 'Freight', 'Engineering', 'Staffing', 'Construction', 'Foods', 'Energy', 'Dynamics', 'Analytics', 'Medical', 'Security', 'Aviation', 'Textiles', 'Pharma', 'Robotics', 'Marine', 'Retail', 'Capital', 'Media'];
const THIRD = ['', 'Partners', 'Group', 'Services', 'Solutions', 'Holdings'];
const FORMS = ['LLC', 'Inc', 'Ltd', 'Corp', 'GmbH', 'PLC'];
const GIVEN = ['John', 'Jane', 'Maria', 'Ahmed', 'Wei', 'Olga', 'Pierre', 'Aisha', 'Carlos', 'Yuki', 'Liam', 'Emma', 'Noah', 'Sofia', 'Lucas', 'Mia', 'Ethan', 'Chloe', 'Mateo', 'Zara'];
const FAMILY = ['Smith', 'Garcia-Lopez', 'Nguyen', 'Okafor', 'Kowalski', 'Schmidt', 'Rossi', 'Tanaka', 'Dubois', 'Haddad', 'Johansson', 'Murphy', 'Silva', 'Novak', 'Cohen', 'Patel', "O'Brien", 'Müller', 'Fernandez', 'Kim', 'Walker', 'Baker', 'Singh', 'Ivanova', 'Moreau'];

/** One dropped or swapped letter, never the first. */
function typo(word: string, i: number): string {
  const p = 1 + (i % (word.length - 2));
  return i % 2 ? word.slice(0, p) + word.slice(p + 1) : word.slice(0, p) + word[p + 1] + word[p] + word.slice(p + 2);
}

/** ~2,400 clients with deliberately repetitive words (many near-collisions) and 5,000 placements. */
function crm(lines: number): TestBundle {
  const b = new TestBundle();
  let n = 0;
  for (const a of FIRST) for (const s of SECOND) for (const t of THIRD) {
    n++;
    if ((n * 7) % 3 === 1) continue;
    b.client(`C${n}`, [a, s, t, FORMS[n % FORMS.length]].filter(Boolean).join(' '));
  }
  for (let i = 0; i < 5000; i++) {
    const name = `${GIVEN[i % GIVEN.length]} ${FAMILY[Math.floor(i / 7) % FAMILY.length]}`;
    b.placement(b.clients[i % b.clients.length].clientId, `K${i}`, name, `P${i}`);
  }
  for (let i = 0; i < lines; i++) {
    const p = b.placements[i % b.placements.length];
    b.timesheet(`REF-${p.clientId}`, `W${p.candidateId}`, p.candidateName, i % 3 === 0 ? p.placementId : undefined);
  }
  return b;
}

/** External spellings of each CRM name, with the clients each could have come from. */
function variants(b: TestBundle): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  b.clients.forEach(({ clientId, name }, i) => {
    const w = name.split(' ');
    for (const v of [
      name.toUpperCase(),
      w.slice(0, -1).join(' '),
      w.slice(0, -1).map((x) => x[0]).join(''),
      [typo(w[0], i), ...w.slice(1)].join(' '),
      [w[0], typo(w[1], i), ...w.slice(2, -1)].join(' '),
      (w[0].slice(0, 4) + w[1].slice(0, 3)).toUpperCase(),
    ]) {
      out.set(v, (out.get(v) ?? new Set()).add(clientId));
    }
  });
  return out;
}

describe('at scale', () => {
  it('never resolves a generated spelling to a client it did not come from', () => {
    const b = crm(0);
    const r = IdentityResolver.fromRecords(b.records(), { matchThreshold: 0.85 });
    let resolved = 0;
    const wrong: string[] = [];
    for (const [external, origins] of variants(b)) {
      const d = r.resolveClient('invoices', external);
      if (!d.resolvedTo) continue;
      resolved++;
      if (origins.size > 1 || !origins.has(d.resolvedTo)) wrong.push(`${external} -> ${d.resolvedName}`);
    }
    expect(wrong).toEqual([]);
    expect(resolved).toBeGreaterThan(9000);
  });

  it('learns from 200k lines, then resolves a few thousand distinct names well under a second', () => {
    const b = crm(200_000);
    const t0 = process.cpuUsage();
    const r = IdentityResolver.fromRecords(b.records(), { matchThreshold: 0.85 });
    const buildCpu = process.cpuUsage(t0);
    const built = (buildCpu.user + buildCpu.system) / 1000;

    const names = [...variants(b).keys()].filter((_, i) => i % 3 === 0);
    // CPU time, not wall time: the build machine is shared, and waiting for a core is not our cost.
    const cpu = process.cpuUsage();
    for (const name of names) r.resolveClient('timesheets', name);
    for (const [i, p] of b.placements.entries()) {
      const [given, family] = p.candidateName.split(' ');
      if (i % 2 === 0) r.resolveWorker('timesheets', undefined, i % 4 ? `${family}, ${given}` : `${given[0]}. ${family}`, p.clientId);
    }
    const used = process.cpuUsage(cpu);
    const resolving = (used.user + used.system) / 1000;

    expect(names.length).toBeGreaterThan(3000);
    expect(r.decisions().length).toBeGreaterThan(5000);
    expect(resolving).toBeLessThan(1000);
    expect(built).toBeLessThan(3000);
  });
});
