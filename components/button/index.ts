export { Button, buttonHtml, type ButtonProps, type ButtonVariant } from './button.tsx';
