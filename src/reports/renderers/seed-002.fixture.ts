/** Test data: the Sjuhärad case of seed 002, as the report renderers receive it. */
import type { ActorRef, ChangeRequestContext } from '../../change-requests/change-request.types';
import type { ExtraReportInput, WeeklyReportInput } from '../report.types';

export const vastkomOfficer: ActorRef = {
  id: 'vastkom.handlaggare',
  name: 'Eva Lindqvist',
  organisationId: 'vastkom',
  role: 'vastkom',
};
export const vgrOfficer: ActorRef = {
  id: 'vgr.handlaggare',
  name: 'Anders Holm',
  organisationId: 'vgr',
  role: 'vgr',
};
export const sjuharadOfficer: ActorRef = {
  id: 'sjuharad.handlaggare',
  name: 'Maria Ek',
  organisationId: 'sjuharad',
  role: 'municipality',
};
export const chair: ActorRef = {
  id: 'styrgrupp.ordforande',
  name: 'Per Sandberg',
  organisationId: 'styrgrupp',
  role: 'steering_group',
};
export const communicator: ActorRef = {
  id: 'kommunikator',
  name: 'Lena Berg',
  organisationId: 'koncernstab-kommunikation',
  role: 'communications',
};

export const SEED_DESCRIPTION =
  'De åtta kommunerna i de södra delarna av Västra Götaland, Sjuhärads kommunalförbund, meddelar i dag att de behöver mer tid för att implementera Millennium och begär därför att få ansluta sig senare än 12 november.\n\nBeskedet påverkar inte driftstarten av Millennium som vårdinformationssystem för Västra Götalandsregionens (VGR) verksamheter.';

export const SEED_JUSTIFICATION =
  'Kommunerna i södra området lyfte för en tid sedan problem med införandet och lät meddela att de av olika skäl inte är redo att införa Millennium den 12 november.';

export const SEED_IMPACT =
  'Tidplanen och införandet av Millennium som vårdinformationssystem för VGR:s verksamheter kommer inte att påverkas av begäran. Däremot innebär en senare anslutning av kommunerna att nuvarande system för samverkan och informationsutbyte mellan VGR, privata vårdgivare och kommunerna används ytterligare en tid efter driftstarten i november.';

export const SEED_COMMENTS = [
  'Det är såklart tråkigt om kommunerna inte kommer med i inledningen, men vi har respekt för deras begäran. Överlag är VGR och kommunerna eniga om vägen framåt och har samsyn i värdet av att införa Millennium.',
  'Tidplanen för VGR:s verksamheter kommer inte att påverkas i och med begäran.',
  'VGR och kommunerna fortsätter att använda befintlig lösning när det gäller samverkan kring en patient inom primärvården och specialistvården där information delas med kommunerna.',
  'För invånare och patienter här och nu innebär det inte någon märkbar skillnad eftersom vi fortsätter som vi gjort tidigare. Ny och utökad funktionalitet kommer istället senare.',
];

export function seedContext(): ChangeRequestContext {
  return {
    title: 'Sjuhärads kommunalförbund begär senare anslutning till Millennium',
    description: SEED_DESCRIPTION,
    type: 'schedule',
    requestingOrganisations: ['sjuharad'],
    justification: SEED_JUSTIFICATION,
    requestedGoLive: null,
    createdBy: sjuharadOfficer,
    submittedBy: vastkomOfficer,
    reference: 'AB-2024-0001',
    receivedAt: '2024-10-11T12:05:00.000Z',
    thread: [
      {
        kind: 'ACKNOWLEDGE',
        text: 'Begäran mottagen, dialog inleds med VästKom.',
        at: '2024-10-11T12:30:00.000Z',
        by: vgrOfficer,
      },
      {
        kind: 'REQUEST_INFO',
        text: 'Vilka delar av införandet behöver mer tid?',
        at: '2024-10-14T08:00:00.000Z',
        by: vgrOfficer,
      },
      {
        kind: 'PROVIDE_INFO',
        text: 'Utbildning och lokala rutiner för hemsjukvården.',
        at: '2024-10-15T09:15:00.000Z',
        by: sjuharadOfficer,
      },
      {
        kind: 'COMMENT',
        text: 'VästKom stödjer begäran.',
        at: '2024-10-15T10:00:00.000Z',
        by: vastkomOfficer,
      },
    ],
    impactAssessment: { text: SEED_IMPACT, at: '2024-10-16T07:45:00.000Z', by: vgrOfficer },
    decision: {
      outcome: 'approved',
      rationale:
        'Driftstarten för VGR:s verksamheter påverkas inte; kommunerna ansluter vid ett senare tillfälle.',
      meetingReference: 'Programstyrgruppen 2024-10-17, § 12',
      conditions: null,
      plannedGoLive: null,
      at: '2024-10-17T13:00:00.000Z',
      by: chair,
    },
    communicationActions: [
      {
        id: 'a1',
        audience: 'internal',
        channel: 'Mejlutskick program Millennium',
        plannedAt: '2024-10-11',
        doneAt: '2024-10-11T14:00:00.000Z',
        doneBy: communicator,
        link: null,
      },
      {
        id: 'a2',
        audience: 'internal',
        channel: 'Nyhetstext på Insidan',
        plannedAt: '2024-10-11',
        doneAt: null,
        doneBy: null,
        link: null,
      },
      {
        id: 'a3',
        audience: 'internal',
        channel: 'Information till privata vårdgivare',
        plannedAt: null,
        doneAt: null,
        doneBy: null,
        link: null,
      },
      {
        id: 'a4',
        audience: 'external',
        channel: 'Pressmeddelande',
        plannedAt: '2024-10-11',
        doneAt: '2024-10-11T15:00:00.000Z',
        doneBy: communicator,
        link: 'https://www.vgregion.se/press/millennium-sjuharad',
      },
      {
        id: 'a5',
        audience: 'external',
        channel: 'Extern nyhetstext Vårdskiftet',
        plannedAt: '2024-10-11',
        doneAt: null,
        doneBy: null,
        link: null,
      },
    ],
    spokespersons: [
      { name: 'Karin Looström Muth', title: 'hälso- och sjukvårdsutvecklingsdirektör' },
    ],
    organisationComment: SEED_COMMENTS.join('\n'),
    communicatedAt: null,
    withdrawal: null,
  };
}

export function seedExtraInput(): ExtraReportInput {
  return {
    compiledAt: '2024-10-11T13:20:00.000Z',
    id: '5f0c2a4e-0000-4000-8000-000000000002',
    state: 'decided',
    stateLabel: 'Beslutad',
    requestingOrganisationNames: ['Sjuhärads kommunalförbund'],
    submittedViaName: 'VästKom',
    data: seedContext(),
  };
}

export function seedWeeklyInput(): WeeklyReportInput {
  return {
    week: '2024-W41',
    from: '2024-10-06T22:00:00.000Z',
    to: '2024-10-13T22:00:00.000Z',
    compiledAt: '2024-10-11T13:20:00.000Z',
    received: [
      {
        id: 'cr-1',
        reference: 'AB-2024-0001',
        title: 'Sjuhärads kommunalförbund begär senare anslutning till Millennium',
        state: 'dialogue',
        stateLabel: 'Dialog',
        requestingOrganisationNames: ['Sjuhärads kommunalförbund'],
        at: '2024-10-11T12:05:00.000Z',
      },
    ],
    decided: [
      {
        id: 'cr-2',
        reference: 'AB-2024-0002',
        title: 'Justerad tidplan för Borås',
        state: 'decided',
        stateLabel: 'Beslutad',
        requestingOrganisationNames: ['Borås'],
        at: '2024-10-10T09:00:00.000Z',
        outcome: 'approved_with_conditions',
      },
    ],
    communicated: [
      {
        id: 'cr-3',
        reference: 'AB-2024-0003',
        title: 'Ändrad omfattning för hemsjukvården',
        state: 'communicated',
        stateLabel: 'Kommunicerad',
        requestingOrganisationNames: ['Mark', 'Tranemo'],
        at: '2024-10-09T07:30:00.000Z',
      },
    ],
    open: [
      {
        id: 'cr-1',
        reference: 'AB-2024-0001',
        title: 'Sjuhärads kommunalförbund begär senare anslutning till Millennium',
        state: 'dialogue',
        stateLabel: 'Dialog',
        requestingOrganisationNames: ['Sjuhärads kommunalförbund'],
        at: '2024-10-11T12:05:00.000Z',
        daysInState: 3,
      },
    ],
    actionsDue: [
      {
        changeRequestId: 'cr-2',
        reference: 'AB-2024-0002',
        title: 'Justerad tidplan för Borås',
        audience: 'external',
        channel: 'Pressmeddelande',
        plannedAt: '2024-10-11',
      },
    ],
    audit: {
      head: 'a3f1c9e07b2d4c58e6f1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f7',
      entries: 42,
    },
  };
}
