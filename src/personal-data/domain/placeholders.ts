/**
 * What an erased name or number reads as (the placeholders the vault opens the fields of a destroyed key to): a value
 * that says "someone was here" and no longer who. Other contexts' domains compare against it (statistics).
 */
export const ERASED = '[已删除]';
