/**
 * SOQL text built from outside values. A customer's email or an attached-data value goes into a string
 * literal, so it is escaped the way SOQL reads literals; field names come from the admin and are checked
 * against FIELD_NAME before they are saved, and again here.
 */

/** A Contact field's API name: Phone, Email, AccountNumber__c, Account.AccountNumber. */
export const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,79}(\.[A-Za-z][A-Za-z0-9_]{0,79})?$/;
/** A Salesforce record id (15 or 18 characters). */
export const RECORD_ID = /^[A-Za-z0-9]{15}(?:[A-Za-z0-9]{3})?$/;

const ESCAPES: Record<string, string> = {
  "\\": "\\\\",
  "'": "\\'",
  '"': '\\"',
  "\n": "\\n",
  "\r": "\\r",
  "\t": "\\t",
  "\b": "\\b",
  "\f": "\\f",
};

/** A SOQL string literal holding `value` exactly, quotes included. */
export function soqlString(value: string): string {
  return `'${value.replace(/[\\'"\n\r\t\b\f]/g, (ch) => ESCAPES[ch] ?? ch)}'`;
}

const LIMIT = 10;

/** One query brings the matching Contacts with what each tab shows (a single round trip per lookup). */
export function contactQuery(field: string, value: string): string {
  if (!FIELD_NAME.test(field)) throw new Error(`not a Salesforce field name: ${field}`);
  return [
    "SELECT Id, Name, FirstName, LastName, Email, Phone, Title, Account.Name,",
    `(SELECT Id, CaseNumber, Subject, Status FROM Cases ORDER BY CreatedDate DESC LIMIT ${LIMIT}),`,
    `(SELECT Id, Opportunity.Id, Opportunity.Name, Opportunity.StageName FROM OpportunityContactRoles LIMIT ${LIMIT}),`,
    `(SELECT Id, Status, Campaign.Id, Campaign.Name FROM CampaignMembers LIMIT ${LIMIT}),`,
    `(SELECT Id, Title, CreatedDate FROM Notes ORDER BY CreatedDate DESC LIMIT ${LIMIT})`,
    `FROM Contact WHERE ${field} = ${soqlString(value)} LIMIT 5`,
  ].join(" ");
}
