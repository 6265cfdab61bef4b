// Placeholder: filled by issue 11's work on the kernel-firewall parser.
import type { Parser } from './parser.ts';

export const KERNEL_FIREWALL_PARSERS: readonly Parser[] = [];
