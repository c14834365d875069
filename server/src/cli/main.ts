import { Command } from 'commander';
import { registerExport } from './export-command.js';
import { registerPredict } from './predict-command.js';
import { registerStart } from './start-command.js';
import { registerSync } from './sync-command.js';
import { registerTrain } from './train-command.js';

const program = new Command()
  .name('telltale')
  .description('Telltale: churn risk, expansion and health trajectory for every account, written back into the CRM.\nConfiguration comes from environment variables (see README.md).')
  .showHelpAfterError();

registerStart(program);
registerSync(program);
registerExport(program);
registerTrain(program);
registerPredict(program);

await program.parseAsync(process.argv);
