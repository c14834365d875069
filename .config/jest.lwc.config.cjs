/**
 * Jest for the Salesforce card (LWC), with sfdx-lwc-jest's preset: the LWC compiler as transform,
 * stubs of the lightning-* base components and wire adapters, jsdom.
 *
 *   npx jest --config .config/jest.lwc.config.cjs
 *
 * Runs from the repository root; the SFDX project is extension/salesforce and the tests live in
 * test/extension/salesforce/lwc (outside force-app, so nothing test-only can be deployed).
 */
const path = require('node:path');

const repositoryRoot = path.resolve(__dirname, '..');
const sfdxProject = path.join(repositoryRoot, 'extension/salesforce');
const componentsDir = path.join(sfdxProject, 'force-app/main/default/lwc');

// sfdx-lwc-jest reads sfdx-project.json from the working directory while its config module loads
// (and throws without one), so it is loaded from inside the SFDX project.
function loadPreset() {
    const workingDir = process.cwd();
    process.chdir(sfdxProject);
    try {
        return require('@salesforce/sfdx-lwc-jest/config').jestConfig;
    } finally {
        process.chdir(workingDir);
    }
}

const preset = loadPreset();

module.exports = {
    ...preset,
    rootDir: repositoryRoot,
    roots: ['<rootDir>/test/extension/salesforce/lwc', '<rootDir>/extension/salesforce/force-app'],
    testMatch: ['<rootDir>/test/extension/salesforce/lwc/**/*.spec.js'],
    // The preset's resolver finds c/* from the working directory; from the repository root the
    // mapping below does it (lightning/* still resolves to the preset's stubs).
    moduleNameMapper: {
        '^c/([A-Za-z0-9_]+)$': `${componentsDir}/$1/$1`,
    },
    collectCoverageFrom: [
        'extension/salesforce/force-app/**/lwc/**/*.js',
    ],
};
