/**
 * Why the card has no data, from getRecord's error (a FetchResponse: `status`, `statusText` and a
 * `body` that UI API reads return as an array of `{ errorCode, message }`), in words a CSM can act on.
 */

const FIELD_ACCESS = {
    title: "You can't see Telltale's fields",
    nextStep:
        'Ask your Salesforce admin to assign you the Telltale User permission set (Telltale_User), or to deploy Telltale\'s fields if they are missing.'
};
const NO_ACCESS = {
    title: "You don't have access to this account",
    nextStep: 'Ask the account owner or your Salesforce admin to share it with you.'
};
const NOT_FOUND = {
    title: 'This account could not be found',
    nextStep: 'It may have been deleted or merged. Reload the page.'
};
const OTHER = {
    title: "Telltale's insights could not be loaded",
    nextStep: 'Reload the page to try again.'
};

/** A field the user cannot read (or that is not deployed) makes UI API answer 400 INVALID_FIELD. */
function kindOf(error, codes) {
    if (codes.includes('INVALID_FIELD') || error?.status === 400) return FIELD_ACCESS;
    if (codes.includes('INSUFFICIENT_ACCESS') || error?.status === 403) return NO_ACCESS;
    if (error?.status === 404) return NOT_FOUND;
    return OTHER;
}

/** The messages in an LDS error, whatever the shape of its body. */
export function errorMessages(error) {
    const body = error?.body;
    if (Array.isArray(body)) return body.map((entry) => entry?.message).filter(Boolean);
    if (body?.message) return [body.message];
    if (error?.message) return [error.message];
    return error?.statusText ? [error.statusText] : [];
}

/** The title, message and next step of the error state. */
export function errorView(error) {
    const body = error?.body;
    const codes = Array.isArray(body) ? body.map((entry) => entry?.errorCode) : [body?.errorCode];
    const kind = kindOf(error, codes);
    const messages = errorMessages(error);
    return {
        title: kind.title,
        message: messages.length > 0 ? messages.join(' ') : 'Salesforce returned no message.',
        nextStep: kind.nextStep
    };
}
