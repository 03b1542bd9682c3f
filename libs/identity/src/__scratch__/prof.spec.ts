import { IdentityResolver } from '../resolver';
import { TestBundle } from '../test-data';

const FIRST_WORDS = ['Allied', 'Summit', 'Brightwave', 'Northgate', 'Harbor', 'Pinnacle', 'Crescent', 'Evergreen', 'Granite', 'Silverline', 'Redwood', 'Bluewater', 'Ironclad', 'Keystone', 'Lakeside', 'Meridian', 'Oakridge', 'Phoenix', 'Riverside', 'Sterling', 'Trident', 'Vanguard', 'Westfield', 'Zenith', 'Atlas', 'Beacon', 'Cobalt', 'Delta', 'Eastern', 'Frontier'];
const SECOND_WORDS = ['Logistics', 'Healthcare', 'Freight', 'Engineering', 'Staffing', 'Construction', 'Foods', 'Energy', 'Dynamics', 'Analytics', 'Medical', 'Security', 'Aviation', 'Textiles', 'Pharma', 'Robotics', 'Marine', 'Retail', 'Capital', 'Media'];
const THIRD_WORDS = ['', 'Partners', 'Group', 'Services', 'Solutions', 'Holdings'];
const FORMS = ['LLC', 'Inc', 'Ltd', 'Corp', 'GmbH', 'PLC'];
const FIRST_NAMES = ['John', 'Jane', 'Maria', 'Ahmed', 'Wei', 'Olga', 'Pierre', 'Aisha', 'Carlos', 'Yuki', 'Liam', 'Emma', 'Noah', 'Sofia', 'Lucas', 'Mia', 'Ethan', 'Chloe', 'Mateo', 'Zara'];
const LAST_NAMES = ['Smith', 'Garcia-Lopez', 'Nguyen', 'Okafor', 'Kowalski', 'Schmidt', 'Rossi', 'Tanaka', 'Dubois', 'Haddad', 'Johansson', 'Murphy', 'Silva', 'Novak', 'Cohen', 'Patel', "O'Brien", 'Müller', 'Fernandez', 'Kim', 'Walker', 'Baker', 'Singh', 'Ivanova', 'Moreau'];

function typo(word: string, i: number): string {
  const p = 1 + (i % (word.length - 2));
  return word.slice(0, p) + word.slice(p + 1);
}

describe("prof", () => {
  const b = new TestBundle();
  const clientNames: string[] = [];
  let n = 0;
  for (const a of FIRST_WORDS) for (const s of SECOND_WORDS) for (const t of THIRD_WORDS) {
    if ((n++ * 7) % 3 === 0) continue; // a realistic, uneven subset
    const name = [a, s, t, FORMS[n % FORMS.length]].filter(Boolean).join(' ');
    b.client(`C${n}`, name);
    clientNames.push(name);
  }
  const clientIds = b.clients.map((c) => c.clientId);
  const workerNames: string[] = [];
  for (let i = 0; i < 5000; i++) {
    const name = `${FIRST_NAMES[i % FIRST_NAMES.length]} ${LAST_NAMES[Math.floor(i / 7) % LAST_NAMES.length]}`;
    b.placement(clientIds[i % clientIds.length], `K${i}`, name, `P${i}`);
    workerNames.push(name);
  }
  for (let i = 0; i < 200_000; i++) {
    const p = b.placements[i % b.placements.length];
    const ref = i % 3 === 0 ? p.placementId : undefined;
    b.timesheet(`REF-${p.clientId}`, `W${p.candidateId}`, p.candidateName, ref);
  }

  it('learns from 200k lines and resolves thousands of distinct names well under a second', () => {
    const t0 = performance.now();
    const r = IdentityResolver.fromRecords(b.records(), { matchThreshold: 0.85 });
    const built = performance.now() - t0;

    const externals = new Set<string>();
    clientNames.forEach((name, i) => {
      const words = name.split(' ');
      externals.add(name.toUpperCase());
      externals.add(words.slice(0, -1).join(' '));
      externals.add(words.slice(0, -1).map((w) => w[0]).join(''));
      externals.add([typo(words[0], i), ...words.slice(1)].join(' '));
    });
    const t1 = performance.now();
    let resolved = 0;
    const slow: [number, string, string][] = [];
    for (const e of externals) { const s0 = performance.now(); const d = r.resolveClient('invoices', e); if (d.resolvedTo) resolved++; slow.push([performance.now() - s0, e, d.method]); }
    slow.sort((a, b) => b[0] - a[0]); console.log(JSON.stringify(slow.slice(0, 15)));
    console.log('clients', performance.now() - t1);
    for (const [i, name] of workerNames.entries()) {
      const [first, last] = name.split(' ');
      r.resolveWorker('timesheets', undefined, i % 2 ? `${last}, ${first}` : `${first[0]}. ${last}`, b.placements[i].clientId);
    }
    const resolving = performance.now() - t1;

    expect(externals.size).toBeGreaterThan(2500);
    expect(resolved).toBeGreaterThan(externals.size / 2);
    expect(resolving).toBeLessThan(1000);
    expect(built).toBeLessThan(3000);
    // eslint-disable-next-line no-console
    console.log(`${b.clients.length} clients, ${externals.size} names + ${workerNames.length} workers: build ${built.toFixed(0)} ms, resolve ${resolving.toFixed(0)} ms, ${resolved} clients resolved`);
  });
});
