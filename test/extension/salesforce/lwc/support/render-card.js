/** Mounting the card in jsdom and reading what it shows. */
import { createElement } from 'lwc';
import TelltaleAccountHealth from 'c/telltaleAccountHealth';
import { ACCOUNT_ID } from './account-record';

/** The card on an account's record page (the page sets recordId). */
export function renderCard(recordId = ACCOUNT_ID) {
    const card = createElement('c-telltale-account-health', { is: TelltaleAccountHealth });
    card.recordId = recordId;
    document.body.appendChild(card);
    return card;
}

/** Lets the card re-render after a wire emission. */
export function flush() {
    return Promise.resolve();
}

/** The element with this data-id in the card, or null. */
export function part(card, id) {
    return card.shadowRoot.querySelector(`[data-id="${id}"]`);
}

/** The trimmed text of the element with this data-id; throws when it is not rendered. */
export function textOf(card, id) {
    const element = part(card, id);
    if (!element) throw new Error(`the card shows no [data-id="${id}"]`);
    return element.textContent.replace(/\s+/g, ' ').trim();
}

export function removeCards() {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
}
