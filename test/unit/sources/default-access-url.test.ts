import { describe, expect, it } from 'vitest';
import { defaultAccessUrl } from '../../../src/sources/default-access-url.js';

describe('defaultAccessUrl', () => {
  it('does build the snowflake host the driver would when only an account is given', () => {
    expect(defaultAccessUrl('myorg-analytics')).toBe('https://myorg-analytics.snowflakecomputing.com');
    expect(defaultAccessUrl('xy12345.eu-west-1')).toBe('https://xy12345.eu-west-1.snowflakecomputing.com');
    expect(defaultAccessUrl('xy12345.us-east-2.aws')).toBe('https://xy12345.us-east-2.aws.snowflakecomputing.com');
    expect(defaultAccessUrl('xy12345.us-west-2')).toBe('https://xy12345.snowflakecomputing.com');
    expect(defaultAccessUrl('xy12345.cn-north-1.aws')).toBe('https://xy12345.cn-north-1.aws.snowflakecomputing.cn');
  });
});
