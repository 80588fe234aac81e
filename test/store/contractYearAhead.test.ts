import { storeContract } from './storeContract';

// The same contract with the tests' clock a year ahead of the wall clock: every read must follow the
// store's injected clock, never the backend's TTL monitor (which runs on the wall clock).
process.env.TEST_CLOCK_OFFSET_DAYS = '365';
storeContract('store contract, clock a year ahead');
