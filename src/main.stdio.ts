import 'reflect-metadata';
import { bootstrapStdio } from './bootstrap-stdio';

void bootstrapStdio();
