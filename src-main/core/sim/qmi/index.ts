export { SimQmiEndpoint, SIM_QMI_MAX_CLIENTS, SIM_QMI_SERVICES, QMI_INTERFACE, type SimQmiFault } from './endpoint';
export { openSimQmi } from './transport';
export { SimQmiPtyExposure } from './pty';
