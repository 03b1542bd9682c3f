import type { TimeRateType } from '@closegap/domain';

export interface JobSpec {
  title: string;
  unit: 'hour' | 'day';
  /** bill rate range in USD per unit */
  bill: readonly [number, number];
  extras: readonly TimeRateType[];
}

export const JOBS: Record<string, JobSpec> = {
  warehouse: { title: 'Warehouse Operative', unit: 'hour', bill: [24, 30], extras: ['overtime', 'double_time'] },
  forklift: { title: 'Forklift Driver', unit: 'hour', bill: [26, 33], extras: ['overtime', 'double_time'] },
  cdl: { title: 'CDL Driver', unit: 'hour', bill: [32, 42], extras: ['overtime'] },
  rn: { title: 'Registered Nurse', unit: 'hour', bill: [58, 85], extras: ['overtime', 'night', 'weekend', 'on_call'] },
  hca: { title: 'Healthcare Assistant', unit: 'hour', bill: [25, 32], extras: ['overtime', 'night', 'weekend'] },
  swe: { title: 'Software Engineer', unit: 'day', bill: [650, 950], extras: [] },
  pm: { title: 'Project Manager', unit: 'day', bill: [600, 850], extras: [] },
  ba: { title: 'Business Analyst', unit: 'day', bill: [520, 720], extras: [] },
  data: { title: 'Data Analyst', unit: 'hour', bill: [58, 85], extras: [] },
  acct: { title: 'Accountant', unit: 'hour', bill: [52, 72], extras: [] },
  payroll: { title: 'Payroll Administrator', unit: 'hour', bill: [32, 42], extras: [] },
  csr: { title: 'Customer Service Representative', unit: 'hour', bill: [22, 28], extras: ['overtime'] },
  elec: { title: 'Electrician', unit: 'hour', bill: [45, 62], extras: ['overtime', 'double_time', 'travel_time'] },
  welder: { title: 'Welder', unit: 'hour', bill: [38, 50], extras: ['overtime', 'double_time', 'travel_time'] },
  machine: { title: 'Machine Operator', unit: 'hour', bill: [25, 32], extras: ['overtime', 'night', 'weekend'] },
  admin: { title: 'Administrative Assistant', unit: 'hour', bill: [24, 30], extras: [] },
  recep: { title: 'Receptionist', unit: 'hour', bill: [22, 27], extras: [] },
  security: { title: 'Security Officer', unit: 'hour', bill: [22, 28], extras: ['overtime', 'night', 'weekend'] },
  chef: { title: 'Chef de Partie', unit: 'hour', bill: [26, 34], extras: ['overtime', 'weekend'] },
  cleaner: { title: 'Cleaner', unit: 'hour', bill: [20, 24], extras: ['weekend'] },
};

export interface Industry {
  words: readonly string[];
  jobs: readonly string[];
  perm: readonly string[];
}

export const INDUSTRIES: readonly Industry[] = [
  { words: ['Logistics', 'Freight', 'Distribution', 'Transport', 'Warehousing'], jobs: ['warehouse', 'forklift', 'cdl', 'admin', 'csr'], perm: ['Operations Manager', 'Transport Planner'] },
  { words: ['Health', 'Healthcare', 'Medical', 'Care'], jobs: ['rn', 'hca', 'recep', 'admin'], perm: ['Clinical Nurse Manager', 'Practice Manager'] },
  { words: ['Software', 'Analytics', 'Digital', 'Technologies', 'Data'], jobs: ['swe', 'pm', 'ba', 'data'], perm: ['Senior Software Engineer', 'Head of Data', 'DevOps Engineer'] },
  { words: ['Manufacturing', 'Fabrication', 'Plastics', 'Metals', 'Components'], jobs: ['machine', 'welder', 'elec', 'warehouse'], perm: ['Production Manager', 'Quality Engineer'] },
  { words: ['Capital', 'Advisory', 'Accounting', 'Financial'], jobs: ['acct', 'payroll', 'admin', 'ba'], perm: ['Financial Controller', 'Senior Accountant'] },
  { words: ['Hospitality', 'Foods', 'Hotels', 'Catering'], jobs: ['chef', 'cleaner', 'recep', 'security'], perm: ['Head Chef', 'General Manager'] },
  { words: ['Facilities', 'Property', 'Construction', 'Energy'], jobs: ['security', 'cleaner', 'elec', 'admin'], perm: ['Site Manager', 'Estimator'] },
];
