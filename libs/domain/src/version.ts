export const CLOSEGAP_VERSION = '0.1.0';
