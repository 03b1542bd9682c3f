/** Common given-name variants that no spelling rule would connect. */
const GROUPS: readonly string[] = [
  'william will bill billy liam',
  'robert rob bob bobby robbie bert',
  'richard rick ricky dick rich',
  'michael mike mick mickey',
  'james jim jimmy jamie',
  'john jack johnny jon',
  'jonathan jon jonny',
  'joseph joe joey',
  'thomas tom tommy',
  'christopher chris kit',
  'christine chris christina tina',
  'elizabeth liz lizzie beth betty eliza',
  'margaret maggie meg peggy',
  'katherine catherine kathryn kate katie kathy cathy',
  'alexander alex sasha',
  'alexandra alex sandra',
  'daniel dan danny',
  'david dave',
  'edward ed eddie ted',
  'anthony tony',
  'andrew andy drew',
  'benjamin ben',
  'charles charlie chuck',
  'nicholas nick',
  'matthew matt',
  'patrick pat',
  'patricia pat patty trish',
  'samuel sam',
  'samantha sam',
  'steven stephen steve',
  'susan sue susie',
  'jennifer jen jenny',
  'rebecca becky',
  'deborah debbie deb',
  'victoria vicky tori',
  'timothy tim',
  'gregory greg',
  'jeffrey geoffrey jeff',
  'kenneth ken',
  'ronald ron',
  'donald don',
  'gerald gerry jerry',
  'lawrence laurence larry',
  'peter pete',
  'philip phillip phil',
  'raymond ray',
  'frederick fred',
  'francis frank',
  'henry harry hank',
  'joshua josh',
  'zachary zach',
  'nathaniel nathan nate',
  'abigail abby',
  'jessica jess',
  'francisco paco pancho',
  'alejandro alex',
  'mohammed mohammad muhammad mohamed',
];

const groupsOf = new Map<string, Set<number>>();
GROUPS.forEach((line, i) => {
  for (const name of line.split(' ')) {
    const set = groupsOf.get(name) ?? new Set<number>();
    set.add(i);
    groupsOf.set(name, set);
  }
});

export function areNicknames(a: string, b: string): boolean {
  const ga = groupsOf.get(a);
  const gb = groupsOf.get(b);
  if (!ga || !gb) return false;
  for (const g of ga) if (gb.has(g)) return true;
  return false;
}
