/** Entry point of the "Account health" tab card on company records (account-health-tab-hsmeta.json). */
import { hubspot } from '@hubspot/ui-extensions';
import { AccountHealthTab } from './account-health/account-health-tab';

hubspot.extend<'crm.record.tab'>(() => <AccountHealthTab />);
