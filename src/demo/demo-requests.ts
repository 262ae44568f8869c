import type { CreateChangeRequestDto } from '../change-requests/dto/create-change-request.dto';

interface DemoRequest {
  createdBy: string;
  draft: CreateChangeRequestDto;
  steps: { by: string; event: { type: string } & Record<string, unknown> }[];
}

/** Demo change requests; the first is seed 002 (Sjuhärad via VästKom, October 2024). */
export const DEMO_REQUESTS: DemoRequest[] = [
  {
    createdBy: 'sjuharad.handlaggare',
    draft: {
      title: 'Senare anslutning till Millennium för Sjuhärads kommuner',
      description:
        'De åtta kommunerna i de södra delarna av Västra Götaland, Sjuhärads kommunalförbund, meddelar att de behöver mer tid för att implementera Millennium och begär därför att få ansluta sig senare än 12 november.',
      type: 'schedule',
      requestingOrganisations: ['sjuharad'],
      justification:
        'Kommunerna i södra området har lyft problem med införandet och är av olika skäl inte redo att införa Millennium den 12 november.',
      requestedGoLive: null,
    },
    steps: [
      { by: 'vastkom.handlaggare', event: { type: 'SUBMIT' } },
      {
        by: 'vgr.handlaggare',
        event: { type: 'ACKNOWLEDGE', comment: 'VGR har mottagit en formell ändringsbegäran om justerad tidplan.' },
      },
      {
        by: 'vgr.handlaggare',
        event: { type: 'REQUEST_INFO', text: 'Har kommunerna ett nytt datum för driftstart?' },
      },
      {
        by: 'sjuharad.handlaggare',
        event: { type: 'PROVIDE_INFO', text: 'Inte ännu. Kommunerna vill ansluta senare, datum fastställs i dialog.' },
      },
      {
        by: 'vgr.handlaggare',
        event: {
          type: 'RECORD_IMPACT',
          text: 'Tidplanen och införandet av Millennium för VGR:s verksamheter påverkas inte. Nuvarande system för samverkan och informationsutbyte mellan VGR, privata vårdgivare och kommunerna används ytterligare en tid efter driftstarten i november.',
        },
      },
      {
        by: 'styrgrupp.ordforande',
        event: {
          type: 'DECIDE',
          outcome: 'approved',
          rationale: 'VGR har respekt för kommunernas begäran. Tidplanen för VGR:s verksamheter påverkas inte.',
          meetingReference: 'Programstyrgruppen 2024-10-11',
        },
      },
      ...['k1', 'k2', 'k3', 'k4', 'k5'].map((actionId) => ({
        by: 'kommunikator',
        event: { type: 'RECORD_COMMUNICATION', actionId },
      })),
      {
        by: 'kommunikator',
        event: { type: 'ADD_SPOKESPERSON', name: 'Karin Looström Muth', title: 'hälso- och sjukvårdsutvecklingsdirektör' },
      },
      {
        by: 'kommunikator',
        event: {
          type: 'RECORD_ORGANISATION_COMMENT',
          text: [
            'Det är såklart tråkigt om kommunerna inte kommer med i inledningen, men vi har respekt för deras begäran. Överlag är VGR och kommunerna eniga om vägen framåt och har samsyn i värdet av att införa Millennium.',
            'Tidplanen för VGR:s verksamheter kommer inte att påverkas i och med begäran.',
            'VGR och kommunerna fortsätter att använda befintlig lösning när det gäller samverkan kring en patient inom primärvården och specialistvården där information delas med kommunerna.',
            'För invånare och patienter här och nu innebär det inte någon märkbar skillnad eftersom vi fortsätter som vi gjort tidigare. Ny och utökad funktionalitet kommer istället senare.',
          ].join('\n'),
        },
      },
      { by: 'kommunikator', event: { type: 'COMPLETE_COMMUNICATION' } },
    ],
  },
  {
    createdBy: 'vastkom.handlaggare',
    draft: {
      title: 'Utökad utbildningsperiod för hemsjukvården i Skaraborg',
      description: 'Skaraborgs kommuner önskar en längre utbildningsperiod för hemsjukvårdens personal före driftstart.',
      type: 'scope',
      requestingOrganisations: ['skaraborg'],
      justification: 'Hög personalomsättning under sommaren gör att utbildningen behöver spridas över fler veckor.',
    },
    steps: [
      { by: 'vastkom.handlaggare', event: { type: 'SUBMIT' } },
      { by: 'vgr.handlaggare', event: { type: 'ACKNOWLEDGE' } },
      {
        by: 'vgr.handlaggare',
        event: { type: 'REQUEST_INFO', text: 'Hur många medarbetare berörs, och vilka veckor önskas?' },
      },
    ],
  },
  {
    createdBy: 'uddevalla.handlaggare',
    draft: {
      title: 'Anpassad vy för kommunal rehabilitering',
      description: 'Uddevalla önskar en anpassad arbetsvy för kommunala arbetsterapeuter och fysioterapeuter.',
      type: 'design',
      requestingOrganisations: ['uddevalla'],
      justification: 'Standardvyn saknar de fält som används vid hembesök.',
    },
    steps: [],
  },
];
