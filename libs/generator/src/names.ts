/** Word lists for realistic, varied names. Unknown-party lists share no words with the CRM lists. */

export const COMPANY_PREFIXES_US = [
  'Allied', 'Summit', 'Apex', 'Harbor', 'Pioneer', 'Granite', 'Cedar', 'Northstar', 'Bluewater', 'Redwood',
  'Ironbridge', 'Keystone', 'Lakeshore', 'Meridian', 'Silverline', 'Evergreen', 'Crestview', 'Riverbend',
  'Oakridge', 'Highland', 'Coastal', 'Frontier', 'Beacon', 'Sterling', 'Vanguard', 'Horizon', 'Liberty',
  'Pinnacle', 'Cornerstone', 'Atlas', 'Titan', 'Union', 'Metro', 'Prairie', 'Canyon', 'Falcon', 'Eagle',
  'Orion', 'Vertex', 'Lumen', 'Crescent', 'Sequoia', 'Magnolia', 'Cascade', 'Ridgeline', 'Bayside',
  'Stonegate', 'Westfield', 'Eastgate', 'Brightwater', 'Copperleaf', 'Clearview', 'Ember', 'Mosaic',
  'Tristate', 'Heartland', 'Great Lakes', 'Gulfstream', 'Sunbelt', 'Blue Ridge', 'Red Rock', 'Silver Creek',
  'Patriot', 'Legacy', 'Premier', 'Paramount', 'Guardian', 'Sentinel', 'Trident', 'Polaris',
] as const;

export const COMPANY_PREFIXES_UK = [
  'Thames', 'Pennine', 'Cotswold', 'Mersey', 'Clyde', 'Severn', 'Humber', 'Chiltern', 'Wessex', 'Mercia',
  'Kingsway', 'Albion', 'Brunel', 'Hadrian', 'Solent', 'Tyne', 'Avon', 'Cheviot', 'Malvern', 'Wolds',
] as const;

export const COMPANY_PREFIXES_EU = [
  'Rhein', 'Alster', 'Danube', 'Elbe', 'Nordlicht', 'Zuider', 'Rijnmond', 'Alpen', 'Loire', 'Iberia',
  'Baltica', 'Helvetia', 'Schelde', 'Moselle', 'Brabant',
] as const;

export const COMPANY_DESCRIPTORS = [
  'Partners', 'Group', 'Services', 'Solutions', 'Systems', 'Holdings', 'Industries', 'International',
  'Network', 'Associates',
] as const;

export const SUFFIXES: Record<string, readonly string[]> = {
  USD: ['LLC', 'LLC', 'LLC', 'Inc', 'Inc', 'Inc.', 'Corp', 'Corporation', 'Co'],
  GBP: ['Ltd', 'Ltd', 'Limited', 'plc'],
  EUR: ['GmbH', 'GmbH', 'B.V.', 'S.A.', 'AG'],
};

export const TLD: Record<string, readonly string[]> = { USD: ['com', 'com', 'net', 'us'], GBP: ['co.uk', 'com'], EUR: ['de', 'nl', 'eu', 'com'] };

export const FIRST_NAMES = [
  'James', 'Mary', 'John', 'Patricia', 'Robert', 'Jennifer', 'Michael', 'Linda', 'William', 'Elizabeth',
  'David', 'Barbara', 'Richard', 'Susan', 'Joseph', 'Jessica', 'Thomas', 'Sarah', 'Charles', 'Karen',
  'Christopher', 'Nancy', 'Daniel', 'Lisa', 'Matthew', 'Betty', 'Anthony', 'Margaret', 'Mark', 'Sandra',
  'Donald', 'Ashley', 'Steven', 'Kimberly', 'Paul', 'Emily', 'Andrew', 'Donna', 'Joshua', 'Michelle',
  'Kenneth', 'Dorothy', 'Kevin', 'Carol', 'Brian', 'Amanda', 'George', 'Melissa', 'Edward', 'Deborah',
  'Ronald', 'Stephanie', 'Timothy', 'Rebecca', 'Jason', 'Sharon', 'Jeffrey', 'Laura', 'Ryan', 'Cynthia',
  'Jacob', 'Kathleen', 'Gary', 'Amy', 'Nicholas', 'Shirley', 'Eric', 'Angela', 'Jonathan', 'Helen',
  'Stephen', 'Anna', 'Larry', 'Brenda', 'Justin', 'Pamela', 'Scott', 'Nicole', 'Brandon', 'Samantha',
  'Benjamin', 'Katherine', 'Samuel', 'Emma', 'Gregory', 'Ruth', 'Alexander', 'Christine', 'Frank', 'Catherine',
  'Raymond', 'Debra', 'Patrick', 'Rachel', 'Jack', 'Carolyn', 'Dennis', 'Janet', 'Jerry', 'Virginia',
  'José', 'María', 'Zoë', 'Renée', 'Björn', 'Chloé', 'François', 'Agnès', 'Søren', 'Héctor',
  'Inés', 'Ramón', 'Noémie', 'Élodie', 'Mary-Jane', 'Jean-Luc', 'Anne-Marie', 'Siobhan', 'Aoife', 'Niamh',
  'Priyanka', 'Arjun', 'Wei', 'Mei', 'Hiroshi', 'Yuki', 'Olumide', 'Chidi', 'Fatima', 'Omar',
  'Ahmed', 'Leila', 'Dmitri', 'Katarzyna', 'Tomasz', 'Linh', 'Minh', 'Kwame', 'Ama', 'Santiago',
] as const;

export const LAST_NAMES = [
  'Smith', 'Johnson', 'Williams', 'Brown', 'Jones', 'Miller', 'Davis', 'Wilson', 'Anderson', 'Taylor',
  'Thomas', 'Moore', 'Jackson', 'Martin', 'Lee', 'Thompson', 'White', 'Harris', 'Clark', 'Lewis',
  'Robinson', 'Walker', 'Young', 'Allen', 'King', 'Wright', 'Scott', 'Hill', 'Green', 'Adams',
  'Baker', 'Nelson', 'Carter', 'Mitchell', 'Roberts', 'Turner', 'Phillips', 'Campbell', 'Parker', 'Evans',
  'Edwards', 'Collins', 'Stewart', 'Morris', 'Rogers', 'Reed', 'Cook', 'Morgan', 'Bell', 'Murphy',
  'Bailey', 'Cooper', 'Richardson', 'Cox', 'Howard', 'Ward', 'Peterson', 'Gray', 'James', 'Watson',
  'Brooks', 'Kelly', 'Sanders', 'Price', 'Bennett', 'Wood', 'Barnes', 'Ross', 'Henderson', 'Coleman',
  'Jenkins', 'Perry', 'Powell', 'Long', 'Patterson', 'Hughes', 'Flores', 'Washington', 'Butler', 'Simmons',
  'Foster', 'Bryant', 'Alexander', 'Russell', 'Griffin', 'Hayes', 'Myers', 'Ford', 'Hamilton', 'Graham',
  'Sullivan', 'Wallace', 'Woods', 'Cole', 'West', 'Jordan', 'Owens', 'Reynolds', 'Fisher', 'Ellis',
  'García', 'Rodríguez', 'Martínez', 'Hernández', 'López', 'González', 'Pérez', 'Sánchez', 'Ramírez', 'Muñoz',
  'Núñez', 'Álvarez', 'Söderberg', 'Lefèvre', 'Müller', 'Schröder', "O'Brien", "O'Neil", "O'Connor", 'McDonald',
  'MacLeod', 'Smith-Jones', 'Harper-Lee', 'Van der Berg', 'De Luca', 'Kowalczyk', 'Nowak', 'Patel', 'Shah', 'Singh',
  'Chen', 'Wang', 'Tanaka', 'Sato', 'Okafor', 'Adeyemi', 'Mensah', 'Haddad', 'Ivanov', 'Tran',
] as const;

/** Staff of the agency: account managers and consultants. */
export const STAFF = [
  'Hannah Price', 'Marcus Bell', 'Olivia Grant', 'Daniel Reyes', 'Sophie Turner', 'Ethan Walsh',
  'Grace Okafor', 'Liam Chen', 'Chloe Harrington', 'Noah Fischer', 'Isla Murray', 'Ben Adler',
] as const;

/** Parties that exist in the timesheet or finance systems but never in the CRM (UNRESOLVED_RECORD). */
export const UNKNOWN_COMPANIES = [
  'Northwind Traders', 'Heron Point Bakehouse Co', 'Tallgrass Events LLC', 'Quarry Lane Bakery',
  'Kestrel Aviation', 'Juniper & Rowe Interiors', 'Wildflower Floristry Ltd', 'Marigold Dental Studio',
  'Foxglove Printing Inc', 'Driftwood Marine Supply', 'Saffron Table Restaurants', 'Larkspur Landscaping',
] as const;

export const UNKNOWN_FIRST = ['Zbigniew', 'Thaddeus', 'Ottoline', 'Bartholomew', 'Ignatius', 'Philippa', 'Cornelius', 'Wilhelmina'] as const;
export const UNKNOWN_LAST = ['Quigley', 'Featherstone', 'Abernathy', 'Winterbottom', 'Quenby', 'Pemberton', 'Ravensworth', 'Throckmorton'] as const;
