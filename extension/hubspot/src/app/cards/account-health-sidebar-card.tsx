/** Entry point of the compact "Account health" sidebar card on company records (account-health-sidebar-hsmeta.json). */
import { hubspot } from '@hubspot/ui-extensions';
import { AccountHealthSidebar } from './account-health/account-health-sidebar';

hubspot.extend<'crm.record.sidebar'>(() => <AccountHealthSidebar />);
