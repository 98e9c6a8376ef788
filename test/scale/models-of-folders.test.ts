// Running the models of some folders of sql/ only (the benchmark times mart groups apart): a folder's models come
// with every staging and intermediate model they read, and nothing else.
import { describe, expect, it } from 'vitest';
import { discoverModels, modelsOfFolders } from '../../src/db/run-models.js';

describe('models of folders', () => {
    const models = discoverModels();

    it('takes the transparency marts of sql/marts, not the marts in its subfolders', () => {
        const names = modelsOfFolders(models, ['marts']).map((model) => model.name);
        expect(names).toEqual(expect.arrayContaining(['fct_release_times', 'pub_average_release_times', 'int_release_times', 'stg_declarations']));
        expect(names).not.toContain('fct_declaration_risk_features');
        expect(names).not.toContain('fct_trade_monthly');
    });

    it('brings the intermediate models a mart reads, in dependency order', () => {
        const names = modelsOfFolders(models, ['marts/audit']).map((model) => model.name);
        expect(names).toContain('fct_declaration_risk_features');
        expect(names).toContain('int_declaration_line_indicators');
        expect(names.indexOf('int_audit_item_lines')).toBeLessThan(names.indexOf('int_declaration_line_indicators'));
        expect(names.indexOf('fct_unit_value_references')).toBeLessThan(names.indexOf('int_declaration_line_indicators'));
        expect(names.indexOf('int_declaration_line_indicators')).toBeLessThan(names.indexOf('fct_declaration_risk_features'));
        expect(names).not.toContain('fct_release_times');
    });

    it('says which folders exist when given one without models', () => {
        expect(() => modelsOfFolders(models, ['marts/nothing'])).toThrow(/no SQL models in sql\/marts\/nothing/);
    });
});
