import { storeContract } from './storeContract';

storeContract('store contract');
