import type { SchedulerName } from '../../api/requestSchemas';

/**
 * Every scheduler the API accepts, in plain words, in the order the vendor lists them.
 * The name in parentheses is what is sent, so a message from the service that names
 * one can be matched to the list.
 */
export const schedulerChoices: Array<[SchedulerName, string]> = [
  ['DDPMScheduler', 'DDPM: the original method; slow, needs many steps'],
  ['DDIMScheduler', 'DDIM: steady and repeatable; good at 20–50 steps'],
  ['PNDMScheduler', 'PNDM: an older default; smooth pictures'],
  ['LMSDiscreteScheduler', 'LMS: smooth pictures; can go wrong with few steps'],
  ['EulerDiscreteScheduler', 'Euler: simple and quick; a good all-rounder'],
  [
    'EulerAncestralDiscreteScheduler',
    'Euler Ancestral: softer, more varied; changes with the steps',
  ],
  ['DPMSolverMultistepScheduler', 'DPM++ 2M: sharp, good in 20–30 steps'],
  ['HeunDiscreteScheduler', 'Heun: careful and accurate, but each step takes twice as long'],
  ['KDPM2DiscreteScheduler', 'DPM2: accurate, slower per step'],
  ['DPMSolverSinglestepScheduler', 'DPM++ single-step: good pictures in few steps'],
  ['KDPM2AncestralDiscreteScheduler', 'DPM2 Ancestral: more varied, slower per step'],
  ['UniPCMultistepScheduler', 'UniPC: quick, good in few steps (the service’s default)'],
  ['DDIMInverseScheduler', 'DDIM Inverse: turns pictures back into noise; rarely useful here'],
  ['DEISMultistepScheduler', 'DEIS: quick, good in few steps'],
  ['IPNDMScheduler', 'iPNDM: an improved PNDM; smooth in few steps'],
  ['KarrasVeScheduler', 'Karras VE: experimental; made for other kinds of models'],
  ['ScoreSdeVeScheduler', 'Score SDE VE: experimental; made for other kinds of models'],
  ['LCMScheduler', 'LCM: only for fast "LCM" models, at 4–8 steps'],
];
