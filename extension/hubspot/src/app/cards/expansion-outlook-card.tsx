/** Entry point of the "Expansion outlook" card on company and deal records (expansion-outlook-hsmeta.json). */
import { hubspot } from '@hubspot/ui-extensions';
import { ExpansionCard } from './expansion/expansion-card';

hubspot.extend<'crm.record.sidebar'>(() => <ExpansionCard />);
