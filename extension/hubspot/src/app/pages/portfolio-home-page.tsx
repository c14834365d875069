/** Entry point of the app home page (portfolio-home-hsmeta.json). */
import { hubspot } from '@hubspot/ui-extensions';
import { PortfolioHome } from './portfolio/portfolio-home';

hubspot.extend<'home'>(() => <PortfolioHome />);
