export { untagCommand } from './tag.command';
